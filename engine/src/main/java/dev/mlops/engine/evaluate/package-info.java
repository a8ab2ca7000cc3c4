/**
 * Model evaluation: metrics of a bundle on labelled data (from {@code metrics}), per-slice metrics, and the gate that
 * compares them with thresholds and with a champion model.
 */
package dev.mlops.engine.evaluate;
