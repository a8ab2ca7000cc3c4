/**
 * ML delivery metrics from the registry's audit log: how often models reach production, how long a change takes to
 * get there, how often an attempt fails, and how fast the loop recovers from drift (the four DORA figures, for
 * models). Pure computation over the log's entries; {@link dev.mlops.engine.delivery.DeliveryMetrics} says how each
 * figure is defined.
 */
package dev.mlops.engine.delivery;
