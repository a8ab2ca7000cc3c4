package dev.mlops.engine.evaluate;

/**
 * One check of the gate and its verdict.
 *
 * @param kind     {@code threshold}, {@code min-improvement}, {@code max-regression} or {@code slice-threshold}
 * @param slice    for slice checks, {@code column=value}
 * @param observed the model's value (for comparisons: its improvement over the champion)
 * @param limit    the bound it was held to
 * @param verdict  {@code passed}, {@code failed} or {@code skipped} (with the reason in {@code message})
 */
public record GateCheck(String kind, String metric, String slice, Double observed, Double limit, Double champion,
                        String verdict, String message) {

    public boolean failed() {
        return "failed".equals(verdict);
    }
}
