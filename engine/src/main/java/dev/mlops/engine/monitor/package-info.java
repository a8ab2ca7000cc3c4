/**
 * Drift monitoring: the statistics (with SciPy's definitions), the per-column tests and their size-aware defaults,
 * prediction and concept drift, and the triggers that start retraining.
 */
package dev.mlops.engine.monitor;
