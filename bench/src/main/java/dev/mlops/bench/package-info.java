/** Benchmark harnesses; each main runs one measurement so that a script can time it and read its peak RSS. */
package dev.mlops.bench;
