/**
 * Model evaluation: classification and regression metrics computed here (not delegated, so that every definition is
 * in one place and documented in docs/cli.md), per-slice metrics, and the gate that compares them with thresholds and
 * with a champion model.
 */
package dev.mlops.engine.evaluate;
