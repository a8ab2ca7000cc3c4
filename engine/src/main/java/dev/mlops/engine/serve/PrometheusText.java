package dev.mlops.engine.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed Prometheus text exposition: samples with their labels, enough for the canary analysis. */
public record PrometheusText(List<Sample> samples) {

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    public static PrometheusText parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, space);
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0) {
                String body = line.substring(brace + 1, line.lastIndexOf('}'));
                int i = 0;
                while (i < body.length()) {
                    int eq = body.indexOf('=', i);
                    String key = body.substring(i, eq).trim();
                    StringBuilder value = new StringBuilder();
                    int j = eq + 2;
                    while (body.charAt(j) != '"') {
                        if (body.charAt(j) == '\\') {
                            j++;
                            value.append(body.charAt(j) == 'n' ? '\n' : body.charAt(j));
                        } else {
                            value.append(body.charAt(j));
                        }
                        j++;
                    }
                    labels.put(key, value.toString());
                    i = j + 1;
                    if (i < body.length() && body.charAt(i) == ',') {
                        i++;
                    }
                }
            }
            String v = line.substring(space + 1).trim();
            out.add(new Sample(name, labels, v.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v)));
        }
        return new PrometheusText(out);
    }

    /** The sum of a metric over the samples whose labels include all of {@code match}. */
    public double sum(String name, Map<String, String> match) {
        return samples.stream().filter(s -> s.name.equals(name))
                .filter(s -> s.labels.entrySet().containsAll(match.entrySet())).mapToDouble(Sample::value).sum();
    }

    /** Samples of a metric whose labels include {@code match}. */
    public List<Sample> select(String name, Map<String, String> match) {
        return samples.stream().filter(s -> s.name.equals(name))
                .filter(s -> s.labels.entrySet().containsAll(match.entrySet())).toList();
    }
}
