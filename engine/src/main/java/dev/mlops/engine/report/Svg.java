package dev.mlops.engine.report;

import java.util.List;
import java.util.Locale;

/** Small inline SVG charts. */
public final class Svg {

    private Svg() {
    }

    /** Vertical bars, one per value, scaled to the largest; {@code titles} become hover tooltips. */
    public static String bars(List<Long> values, List<String> titles, int width, int height, String color) {
        long max = values.stream().mapToLong(Long::longValue).max().orElse(0);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">", width, height, width, height));
        if (values.isEmpty() || max == 0) {
            return svg.append("</svg>").toString();
        }
        double barWidth = (double) width / values.size();
        for (int i = 0; i < values.size(); i++) {
            double h = Math.max(values.get(i) > 0 ? 1 : 0, (double) values.get(i) / max * (height - 2));
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>%s</title></rect>",
                    i * barWidth + 0.5, height - h, Math.max(barWidth - 1, 0.5), h, color,
                    Html.escape(titles.get(i))));
        }
        return svg.append("</svg>").toString();
    }
}
