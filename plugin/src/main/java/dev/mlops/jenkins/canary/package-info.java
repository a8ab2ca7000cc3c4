/** {@code canaryDeploy}: a progressive rollout on a running model server, {@code mlops deploy canary} on the agent. */
package dev.mlops.jenkins.canary;
