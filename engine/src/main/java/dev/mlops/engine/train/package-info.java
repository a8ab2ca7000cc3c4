/**
 * Training on Tribuo: algorithms with documented parameters and explicit seeds, seeded grid and random search with
 * k-fold cross-validation, and the {@link dev.mlops.engine.train.ModelBundle}, a single zip whose bytes depend only on
 * data, feature spec, parameters and seed (on the same JVM), so that a model can be reproduced and its hash trusted.
 */
package dev.mlops.engine.train;
