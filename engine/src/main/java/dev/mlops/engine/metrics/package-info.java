/**
 * Classification and regression metrics, computed here (not delegated, so that every definition is in one place and
 * documented in docs/cli.md). Below both {@code train} (training metrics, cross-validation) and {@code evaluate}
 * (gates), which use them.
 */
package dev.mlops.engine.metrics;
