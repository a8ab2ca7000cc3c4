/**
 * Lineage: who ran what, where, on which data and code, and what came out. Every {@code mlops} command appends its
 * step to the run's lineage file ({@code .mlops/lineage.json} by default), so the steps of one CI build form one
 * record: the CI context, the git state, every input with its hash, parameters, outputs, gate verdicts, registry
 * versions and deployments. {@link dev.mlops.engine.lineage.Reproducer} re-runs training from it.
 */
package dev.mlops.engine.lineage;
