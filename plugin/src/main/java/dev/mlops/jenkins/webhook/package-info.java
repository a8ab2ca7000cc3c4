/**
 * {@code JENKINS_URL/mlops-webhook/}: signed data-arrival, drift and model-registry events (including MLflow's
 * webhooks) that start the jobs whose {@link dev.mlops.jenkins.webhook.MlopsEventTrigger} matches.
 */
package dev.mlops.jenkins.webhook;
