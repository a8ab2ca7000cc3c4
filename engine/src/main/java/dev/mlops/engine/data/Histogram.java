package dev.mlops.engine.data;

import java.util.List;

/**
 * Equal-width bins over a numeric column's finite values: {@code counts.get(i)} values fall in
 * {@code [edges.get(i), edges.get(i + 1))}, the last bin closed. Drift tests bin current data on the same edges.
 */
public record Histogram(List<Double> edges, List<Long> counts) {

    public Histogram {
        edges = List.copyOf(edges);
        counts = List.copyOf(counts);
        if (edges.size() != counts.size() + 1) {
            throw new IllegalArgumentException("a histogram needs one more edge than bins");
        }
    }

    public long total() {
        return counts.stream().mapToLong(Long::longValue).sum();
    }
}
