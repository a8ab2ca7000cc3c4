package dev.mlops.engine.evaluate;

import dev.mlops.engine.metrics.Metric;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A bound on a metric, written {@code auc>=0.85} or {@code logloss<=0.4}. */
public record Threshold(Metric metric, String operator, double value) {

    private static final Pattern FORM = Pattern.compile("\\s*([a-z_0-9]+)\\s*(>=|<=|>|<)\\s*([-+0-9.eE]+)\\s*");

    public static Threshold parse(String text) {
        Matcher m = FORM.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "': expected METRIC>=VALUE (or <=, >, <), e.g. auc>=0.85");
        }
        Metric metric = Metric.parse(m.group(1)).orElseThrow(() -> new IllegalArgumentException("'" + text
                + "': unknown metric '" + m.group(1) + "'; expected one of " + Metric.ids()));
        try {
            return new Threshold(metric, m.group(2), Double.parseDouble(m.group(3)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': '" + m.group(3) + "' is not a number");
        }
    }

    public boolean holds(double observed) {
        return switch (operator) {
            case ">=" -> observed >= value;
            case "<=" -> observed <= value;
            case ">" -> observed > value;
            case "<" -> observed < value;
            default -> throw new IllegalStateException(operator);
        };
    }

    @Override
    public String toString() {
        return metric.id() + operator + value;
    }
}
