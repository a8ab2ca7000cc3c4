/** {@code trainModel}: {@code mlops train} on the agent. */
package dev.mlops.jenkins.train;
