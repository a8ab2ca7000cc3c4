/**
 * Model serving: the HTTP server (Open Inference Protocol v2 plus a rows endpoint), the stable/canary/shadow
 * router with hot swaps, Prometheus metrics, the sampled request log, the admin API, and the canary controller that
 * drives a rollout from the outside.
 */
package dev.mlops.engine.serve;
