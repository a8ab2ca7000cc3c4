/**
 * Reading, fingerprinting, profiling and validating tabular data on DuckDB.
 *
 * <p>{@link dev.mlops.engine.data.DatasetLoader} loads a CSV, Parquet or JSON Lines file once into a temporary,
 * disk-backed DuckDB database (so memory stays bounded whatever the file's size); every later pass (type inference,
 * profile, rule checks, examples) is a columnar query over that table. The {@link dev.mlops.engine.data.DatasetProfile}
 * is the reference that schema inference, distribution checks, the evaluation gate and drift monitoring reuse.
 */
package dev.mlops.engine.data;
