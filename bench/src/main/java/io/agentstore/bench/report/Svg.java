package io.agentstore.bench.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Two small SVG charts, written as text (no AWT: the report runs on headless machines with no
 * fonts installed, where Java2D-based chart libraries fail).
 */
final class Svg {

    private Svg() {}

    /** One labelled bar group: our value and, if known, a reference (the seed's figure). */
    record Bar(String label, double value, Double reference) {}

    /** Horizontal bars on a log10 axis, ours and the reference side by side. */
    static String logBars(String title, String unit, List<Bar> bars) {
        int rowH = 34;
        int left = 290;
        int width = 960;
        int plotW = width - left - 90;
        int top = 50;
        int height = top + bars.size() * rowH + 60;
        double max = 1;
        double min = Double.MAX_VALUE;
        for (Bar b : bars) {
            max = Math.max(max, Math.max(b.value(), b.reference() == null ? 0 : b.reference()));
            min = Math.min(min, b.value() > 0 ? b.value() : min);
            if (b.reference() != null && b.reference() > 0) {
                min = Math.min(min, b.reference());
            }
        }
        double lo = Math.pow(10, Math.floor(Math.log10(Math.max(min, 1e-3))));
        double hi = Math.pow(10, Math.ceil(Math.log10(max)));
        StringBuilder s = header(width, height, title);
        for (double tick = lo; tick <= hi * 1.0001; tick *= 10) {
            double x = left + scale(tick, lo, hi, plotW);
            gridLine(s, x, top, height, num(tick), "#ddd");
        }
        axisTitle(s, left + plotW / 2, height, unit + " (log scale)");
        int y = top;
        for (Bar b : bars) {
            rowLabel(s, left, y + 15, b.label());
            double w = Math.max(1, scale(b.value(), lo, hi, plotW));
            s.append(fmt("<rect x='%d' y='%d' width='%.1f' height='12' fill='#2b7bb9'/>", left, y + 4, w));
            s.append(fmt(
                    "<text x='%.1f' y='%d' font-size='11' fill='#2b7bb9'>%s</text>",
                    left + w + 4, y + 14, num(b.value())));
            if (b.reference() != null) {
                double r = Math.max(1, scale(b.reference(), lo, hi, plotW));
                s.append(fmt("<rect x='%d' y='%d' width='%.1f' height='10' fill='#e07b39'/>", left, y + 18, r));
                s.append(fmt(
                        "<text x='%.1f' y='%d' font-size='11' fill='#e07b39'>%s</text>",
                        left + r + 4, y + 27, num(b.reference())));
            }
            y += rowH;
        }
        legend(
                s,
                width - 250,
                22,
                "agentstore (this run)",
                "#2b7bb9",
                "seed, measured on this machine kind",
                "#e07b39");
        return s.append("</svg>\n").toString();
    }

    /** One bar of a ratio chart, with the goal it is held to. */
    record Ratio(String label, double value, double goal) {}

    /** Horizontal bars of ratios on a linear axis from 0, a line at 1 and each bar's goal marked in red. */
    static String ratioBars(String title, String unit, List<Ratio> bars) {
        int rowH = 22;
        int left = 330;
        int width = 960;
        int plotW = width - left - 70;
        int top = 50;
        int height = top + bars.size() * rowH + 60;
        double max = 2;
        for (Ratio b : bars) {
            max = Math.max(max, Math.max(b.value(), b.goal()));
        }
        max = Math.ceil(max * 2) / 2;
        StringBuilder s = header(width, height, title);
        for (double tick = 0; tick <= max + 1e-9; tick += 0.5) {
            double x = left + plotW * tick / max;
            gridLine(s, x, top, height, num(tick) + "×", tick == 1 ? "#888" : "#ddd");
        }
        axisTitle(s, left + plotW / 2, height, unit);
        int y = top;
        for (Ratio b : bars) {
            rowLabel(s, left, y + 13, b.label());
            double w = Math.max(1, plotW * b.value() / max);
            String color = b.value() <= b.goal() ? "#2b7bb9" : "#c0392b";
            s.append(fmt("<rect x='%d' y='%d' width='%.1f' height='12' fill='%s'/>", left, y + 3, w, color));
            s.append(fmt(
                    "<text x='%.1f' y='%d' font-size='11' fill='%s'>%.2f×</text>",
                    left + w + 4, y + 13, color, b.value()));
            double g = left + plotW * b.goal() / max;
            s.append(fmt(
                    "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#c0392b' stroke-width='2'/>", g, y, g, y + 18));
            y += rowH;
        }
        return s.append("</svg>\n").toString();
    }

    /** One line of a line chart. */
    record Series(String name, String color, double[] x, double[] y) {}

    /** Lines on linear axes (x as categories in order). */
    static String lines(String title, String xLabel, String yLabel, List<Series> series) {
        int width = 900;
        int height = 420;
        int left = 90;
        int top = 50;
        int plotW = width - left - 40;
        int plotH = height - top - 70;
        double maxY = 1;
        double[] xs = series.get(0).x();
        for (Series se : series) {
            for (double v : se.y()) {
                maxY = Math.max(maxY, v);
            }
        }
        maxY = niceCeil(maxY);
        StringBuilder s = header(width, height, title);
        for (int i = 0; i <= 5; i++) {
            double v = maxY * i / 5;
            double y = top + plotH - plotH * i / 5.0;
            s.append(fmt("<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#ddd'/>", left, y, left + plotW, y));
            s.append(fmt(
                    "<text x='%d' y='%.1f' font-size='11' text-anchor='end' fill='#555'>%s</text>",
                    left - 6, y + 4, num(v)));
        }
        for (int i = 0; i < xs.length; i++) {
            double x = left + (xs.length == 1 ? plotW / 2.0 : plotW * i / (double) (xs.length - 1));
            s.append(fmt(
                    "<text x='%.1f' y='%d' font-size='11' text-anchor='middle' fill='#555'>%s</text>",
                    x, top + plotH + 18, num(xs[i])));
        }
        s.append(fmt(
                "<text x='%d' y='%d' font-size='12' text-anchor='middle' fill='#333'>%s</text>",
                left + plotW / 2, height - 20, esc(xLabel)));
        s.append(fmt(
                "<text x='16' y='%d' font-size='12' fill='#333' transform='rotate(-90 16 %d)'>%s</text>",
                top + plotH / 2, top + plotH / 2, esc(yLabel)));
        int ly = 22;
        for (Series se : series) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < se.x().length; i++) {
                double x = left + (xs.length == 1 ? plotW / 2.0 : plotW * i / (double) (xs.length - 1));
                double y = top + plotH - plotH * se.y()[i] / maxY;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                s.append(fmt("<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>", x, y, se.color()));
            }
            s.append(fmt(
                    "<polyline points='%s' fill='none' stroke='%s' stroke-width='2'/>",
                    pts.toString().trim(), se.color()));
            s.append(fmt("<rect x='%d' y='%d' width='12' height='12' fill='%s'/>", width - 260, ly - 10, se.color()));
            s.append(fmt("<text x='%d' y='%d' font-size='12' fill='#222'>%s</text>", width - 242, ly, esc(se.name())));
            ly += 18;
        }
        return s.append("</svg>\n").toString();
    }

    /** A vertical grid line across the plot, with its value under the axis. */
    private static void gridLine(StringBuilder s, double x, int top, int height, String label, String stroke) {
        s.append(fmt("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='%s'/>", x, top - 5, x, height - 50, stroke));
        s.append(fmt(
                "<text x='%.1f' y='%d' font-size='11' text-anchor='middle' fill='#555'>%s</text>",
                x, height - 32, esc(label)));
    }

    private static void axisTitle(StringBuilder s, int x, int height, String title) {
        s.append(fmt(
                "<text x='%d' y='%d' font-size='12' text-anchor='middle' fill='#333'>%s</text>",
                x, height - 12, esc(title)));
    }

    /** A bar's label, right-aligned left of the plot. */
    private static void rowLabel(StringBuilder s, int left, int y, String label) {
        s.append(fmt(
                "<text x='%d' y='%d' font-size='12' text-anchor='end' fill='#222'>%s</text>", left - 8, y, esc(label)));
    }

    private static StringBuilder header(int width, int height, String title) {
        StringBuilder s = new StringBuilder();
        s.append(fmt(
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d' "
                        + "font-family='Helvetica, Arial, sans-serif'>",
                width, height, width, height));
        s.append(fmt("<rect width='%d' height='%d' fill='white'/>", width, height));
        s.append(fmt("<text x='20' y='28' font-size='16' font-weight='bold' fill='#111'>%s</text>", esc(title)));
        return s;
    }

    private static void legend(StringBuilder s, int x, int y, String a, String ca, String b, String cb) {
        s.append(fmt("<rect x='%d' y='%d' width='12' height='12' fill='%s'/>", x, y - 10, ca));
        s.append(fmt("<text x='%d' y='%d' font-size='11' fill='#222'>%s</text>", x + 16, y, esc(a)));
        s.append(fmt("<rect x='%d' y='%d' width='12' height='12' fill='%s'/>", x, y + 6, cb));
        s.append(fmt("<text x='%d' y='%d' font-size='11' fill='#222'>%s</text>", x + 16, y + 16, esc(b)));
    }

    private static double scale(double v, double lo, double hi, int w) {
        if (v <= lo) {
            return 0;
        }
        return w * (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
    }

    private static double niceCeil(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 1) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return new BigDecimal(String.format(Locale.ROOT, "%.3g", v))
                .stripTrailingZeros()
                .toPlainString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
