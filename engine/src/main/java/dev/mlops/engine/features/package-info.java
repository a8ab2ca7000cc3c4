/**
 * The feature pipeline: a declarative {@link dev.mlops.engine.features.FeatureSpec} (docs/features.md) is fitted on
 * training data into a {@link dev.mlops.engine.features.FittedPipeline} (learned means, vocabularies, bucket edges),
 * which is stored in the model bundle and is the one code path that turns a raw row into model features at training,
 * evaluation and serving time. Sharing it is what prevents training-serving skew.
 */
package dev.mlops.engine.features;
