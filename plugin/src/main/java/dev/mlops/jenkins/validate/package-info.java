/** {@code validateData}: the data gate, {@code mlops validate} on the agent. */
package dev.mlops.jenkins.validate;
