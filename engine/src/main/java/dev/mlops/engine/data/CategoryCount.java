package dev.mlops.engine.data;

/** One value of a categorical column and how many rows hold it. */
public record CategoryCount(String value, long count) {
}
