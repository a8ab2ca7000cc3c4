package dev.mlops.engine.report;

import dev.mlops.engine.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Escaping and the page shell shared by every report. Pages carry no inline style: Jenkins serves workspace files,
 * archived artifacts and build files under a Content-Security-Policy that blocks inline {@code <style>} and
 * {@code style=""} (but not a same-origin stylesheet, nor SVG presentation attributes), so each page links
 * {@value #STYLESHEET}, which {@link #write} puts beside it: styled in Jenkins and when opened from disk.
 */
public final class Html {

    /** The stylesheet every page links, written beside it. */
    public static final String STYLESHEET = "mlops-report.css";

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1f2328}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
            .meta{color:#59636e;font-size:13px}.meta code{font-size:12px}
            table{border-collapse:collapse;font-size:13px;width:100%}
            th,td{border-bottom:1px solid #d1d9e0;padding:5px 8px;text-align:left;vertical-align:top}
            th{background:#f6f8fa;position:sticky;top:0}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .status{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;color:#fff}
            .passed{background:#1a7f37}.failed{background:#cf222e}.error{background:#9a6700}
            tr.sev-error td:first-child{border-left:4px solid #cf222e}
            tr.sev-warning td:first-child{border-left:4px solid #d4a72c}
            .badge{font-size:11px;padding:1px 6px;border-radius:8px;color:#fff}
            .badge.error{background:#cf222e}.badge.warning{background:#9a6700}
            code{background:#f6f8fa;padding:0 3px;border-radius:3px}
            svg{display:block}svg.swatch{display:inline-block;vertical-align:baseline}
            table.compact{width:auto}td.diagonal{font-weight:600}div.wide{overflow-x:auto}
            div.charts{display:flex;flex-wrap:wrap;gap:24px}figure{margin:0}
            figcaption{font-size:13px;color:#59636e;margin-bottom:4px}
            """;

    private Html() {
    }

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A complete page; {@code body} is trusted markup built with {@link #escape}. */
    public static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + escape(title) + "</title><link rel=\"stylesheet\" href=\"" + STYLESHEET + "\">"
                + "</head><body>\n" + body + "\n</body></html>\n";
    }

    /** Writes {@code page} to {@code file}, and the stylesheet it links beside it; each atomically. */
    public static void write(Path file, String page) throws IOException {
        AtomicFiles.write(file, page);
        AtomicFiles.write(file.toAbsolutePath().resolveSibling(STYLESHEET), STYLE);
    }

    /**
     * A legend: a coloured square (an SVG fill, which the policy allows) before each label.
     *
     * @param labelsAndColors label, colour, label, colour, ... in the order shown
     */
    public static String legend(String... labelsAndColors) {
        StringBuilder b = new StringBuilder("<p class=\"meta\">");
        for (int i = 0; i + 1 < labelsAndColors.length; i += 2) {
            b.append("<svg class=\"swatch\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\" fill=\"")
                    .append(escape(labelsAndColors[i + 1])).append("\"/></svg> ").append(escape(labelsAndColors[i]))
                    .append(" &nbsp; ");
        }
        return b.append("</p>\n").toString();
    }

    /** A number for a table cell: integers plainly, others with 4 significant digits. */
    public static String number(Number value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", value.longValue());
        }
        double d = value.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) d);
        }
        return String.format(Locale.ROOT, "%.4g", d);
    }
}
