/**
 * {@code monitorDrift}: {@code mlops monitor} on the agent; on drift it schedules the downstream retraining job with
 * a {@link dev.mlops.jenkins.monitor.DriftCause} and the drift as build parameters.
 */
package dev.mlops.jenkins.monitor;
