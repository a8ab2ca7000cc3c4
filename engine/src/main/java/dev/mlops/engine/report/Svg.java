package dev.mlops.engine.report;

import java.util.List;
import java.util.Locale;

/** Small inline SVG charts. */
public final class Svg {

    private Svg() {
    }

    /**
     * A square line chart over [0, 1] x [0, 1] with axis labels; each series is a list of (x, y) points. A dashed
     * diagonal is drawn when {@code diagonal} (the chance line of ROC, perfect calibration).
     */
    public static String lines(List<List<double[]>> series, List<String> colors, String xLabel, String yLabel,
                               boolean diagonal, boolean dots) {
        int size = 240;
        int pad = 34;
        int plot = size - pad - 8;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">", size, size, size, size));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"8\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#d1d9e0\"/>", pad, plot, plot));
        if (diagonal) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"8\" stroke=\"#8c959f\" "
                    + "stroke-dasharray=\"4 3\"/>", pad, 8 + plot, pad + plot));
        }
        for (int s = 0; s < series.size(); s++) {
            StringBuilder points = new StringBuilder();
            for (double[] p : series.get(s)) {
                double x = pad + clamp(p[0]) * plot;
                double y = 8 + (1 - clamp(p[1])) * plot;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                if (dots) {
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x,
                            y, colors.get(s)));
                }
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colors.get(s))
                    .append("\" points=\"").append(points.toString().strip()).append("\"/>");
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s"
                + "</text>", pad + plot / 2, size - 4, Html.escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 12 %d)\">%s</text>", 8 + plot / 2, 8 + plot / 2, Html.escape(yLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">0</text><text x=\"%d\" "
                + "y=\"%d\" font-size=\"10\">1</text>", pad - 10, 8 + plot + 12, pad + plot - 4, 8 + plot + 12));
        return svg.append("</svg>").toString();
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
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

    /**
     * Two distributions as overlaid translucent bars on one scale (reference first, current second), each bin's
     * shares in its tooltip.
     */
    public static String overlaidBars(List<Double> first, List<Double> second, List<String> labels, int width,
                                      int height, String firstColor, String secondColor) {
        double max = java.util.stream.Stream.concat(first.stream(), second.stream()).mapToDouble(Double::doubleValue)
                .max().orElse(0);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">", width, height, width, height));
        if (labels.isEmpty() || max == 0) {
            return svg.append("</svg>").toString();
        }
        double barWidth = (double) width / labels.size();
        for (int i = 0; i < labels.size(); i++) {
            String title = Html.escape(String.format(Locale.ROOT, "%s: reference %.1f%%, current %.1f%%",
                    labels.get(i), first.get(i) * 100, second.get(i) * 100));
            for (int s = 0; s < 2; s++) {
                double value = (s == 0 ? first : second).get(i);
                double h = Math.max(value > 0 ? 1 : 0, value / max * (height - 2));
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                        + "fill=\"%s\" fill-opacity=\"0.55\"><title>%s</title></rect>", i * barWidth + 0.5, height - h,
                        Math.max(barWidth - 1, 0.5), h, s == 0 ? firstColor : secondColor, title));
            }
        }
        return svg.append("</svg>").toString();
    }
}
