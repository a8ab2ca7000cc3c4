/**
 * The mlops Jenkins plugin: Pipeline steps that run the mlops engine on the agent as a separate {@code java -jar}
 * process, and the build, job and root actions that show and act on their results. One package per step; the
 * engine itself never runs (nor is loaded) on the controller.
 */
package dev.mlops.jenkins;
