package io.chatservice.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Latency percentiles against offered load, as an SVG written by hand (no charting dependency): x is the offered
 * rate in messages per second (linear), y the latency in milliseconds on a log scale, so that 5 ms and 5 s fit
 * one chart. Six lines: send→ack and send→delivery, each at p50, p90 and p99. The points come from the steps of
 * --saturate runs and from fixed-rate runs, read back from the tool's own JSON lines.
 */
final class LatencyChart {

    /** The six lines, in legend order: index i of {@link Point#ms()}. */
    static final List<String> SERIES = List.of(
            "send→ack p50", "send→ack p90", "send→ack p99",
            "send→delivery p50", "send→delivery p90", "send→delivery p99");

    private static final String[] COLORS = {"#2ca02c", "#1f77b4", "#d62728", "#2ca02c", "#1f77b4", "#d62728"};

    static final int WIDTH = 960;
    static final int HEIGHT = 560;
    static final int LEFT = 80;
    static final int RIGHT = 250;
    static final int TOP = 70;
    static final int BOTTOM = 70;

    /**
     * One offered load and its six latencies in ms ({@code NaN} where nothing was measured). {@code sustained}
     * is false for the step that ended a --saturate climb, or a fixed run whose checks failed: drawn hollow.
     */
    record Point(double offeredPerSec, boolean sustained, double[] ms, String runId) {}

    /** What the chart is drawn from, and the title's facts taken from the runs themselves. */
    record Data(List<Point> points, String scenario, Set<String> runIds, @Nullable String date,
            @Nullable String machine) {}

    /**
     * The points of every JSON line of {@code scenario} (and, when {@code runIds} is not empty, of those runs
     * only). A --saturate run gives one point per step (x = the step's target rate), a fixed run one point
     * (x = its configured rate). Lines of other scenarios, and lines that are not results, are skipped.
     */
    static Data read(List<String> jsonLines, String scenario, Set<String> runIds, JsonMapper json) {
        List<Point> points = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        String date = null;
        String machine = null;
        for (String line : jsonLines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode run = json.readTree(line);
            String runId = run.path("runId").asString("");
            if (!scenario.equals(run.path("scenario").asString("")) || (!runIds.isEmpty() && !runIds.contains(runId))) {
                continue;
            }
            int before = points.size();
            if ("saturate".equals(run.path("mode").asString(""))) {
                for (JsonNode step : run.path("saturation").path("steps")) {
                    points.add(new Point(step.path("targetRate").asDouble(),
                            Saturation.SUSTAINED.equals(step.path("verdict").asString("")),
                            percentiles(step.path("ackLatencyMs"), step.path("deliveryLatencyMs")), runId));
                }
            } else if (run.path("config").path("rate").isNumber()) {
                points.add(new Point(run.path("config").path("rate").asDouble(), run.path("ok").asBoolean(false),
                        percentiles(run.path("ackLatencyMs"), run.path("deliveryLatencyMs")), runId));
            }
            if (points.size() > before) {
                used.add(runId);
                String timestamp = run.path("timestamp").asString("");
                if (date == null && timestamp.length() >= 10) {
                    date = timestamp.substring(0, 10);
                }
                JsonNode m = run.path("machine");
                if (machine == null && m.isObject()) {
                    machine = Machine.summary(json.convertValue(m, new TypeReference<Map<String, Object>>() {}));
                }
            }
        }
        points.sort(Comparator.comparingDouble(Point::offeredPerSec));
        return new Data(points, scenario, used, date, machine);
    }

    private static double[] percentiles(JsonNode ack, JsonNode delivery) {
        return new double[] {
            ms(ack, "p50"), ms(ack, "p90"), ms(ack, "p99"), ms(delivery, "p50"), ms(delivery, "p90"), ms(delivery, "p99")
        };
    }

    /** A latency that was measured: a distribution with samples and a value above zero (log scale). */
    private static double ms(JsonNode latency, String percentile) {
        if (!latency.isObject() || latency.path("count").asLong(0) == 0) {
            return Double.NaN;
        }
        double value = latency.path(percentile).asDouble(Double.NaN);
        return value > 0 ? value : Double.NaN;
    }

    /** Where values land on the canvas: x linear from 0, y log10 between two whole decades. */
    record Axes(double xMax, int decadeLow, int decadeHigh) {

        static Axes fit(List<Point> points) {
            double maxLoad = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Point p : points) {
                maxLoad = Math.max(maxLoad, p.offeredPerSec());
                for (double v : p.ms()) {
                    if (!Double.isNaN(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (lo == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("no latency was measured in the selected runs: nothing to draw");
            }
            int low = (int) Math.floor(Math.log10(lo));
            int high = (int) Math.ceil(Math.log10(hi));
            return new Axes(niceCeil(maxLoad), low, Math.max(high, low + 1));
        }

        double x(double load) {
            return LEFT + load / xMax * plotWidth();
        }

        double y(double ms) {
            double share = (Math.log10(ms) - decadeLow) / (decadeHigh - decadeLow);
            return TOP + plotHeight() - share * plotHeight();
        }

        double xTickStep() {
            return niceCeil(xMax / 8);
        }

        static double plotWidth() {
            return WIDTH - LEFT - RIGHT;
        }

        static double plotHeight() {
            return HEIGHT - TOP - BOTTOM;
        }
    }

    /** The smallest of 1, 2, 2.5, 5 × 10^k at or above {@code value} (at least 1). */
    static double niceCeil(double value) {
        if (value <= 1) {
            return 1;
        }
        double decade = Math.pow(10, Math.floor(Math.log10(value)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * decade >= value - 1e-9) {
                return m * decade;
            }
        }
        return 10 * decade;
    }

    static String svg(Data data, @Nullable String title) {
        if (data.points().isEmpty()) {
            throw new IllegalArgumentException("no " + data.scenario() + " runs with latencies in the input: nothing to draw");
        }
        Axes axes = Axes.fit(data.points());
        StringBuilder out = new StringBuilder();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n"
                .formatted(WIDTH, HEIGHT, WIDTH, HEIGHT));
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        String heading = title != null ? title : "chat-bench " + data.scenario() + ": latency against offered load";
        out.append(text(LEFT, 28, heading, "start", "font-size=\"16\" font-weight=\"bold\""));
        String facts = (data.date() == null ? "" : data.date() + " · ")
                + (data.machine() == null ? "machine not recorded" : data.machine())
                + " · runs " + String.join(", ", data.runIds());
        out.append(text(LEFT, 48, facts, "start", "fill=\"#444\""));
        double plotBottom = TOP + Axes.plotHeight();
        double plotRight = LEFT + Axes.plotWidth();

        // y: a grid line and label at 1, 2 and 5 of every decade; x: nice ticks from 0
        out.append("<g class=\"y-axis\">\n");
        for (int d = axes.decadeLow(); d <= axes.decadeHigh(); d++) {
            for (int m : new int[] {1, 2, 5}) {
                if (d == axes.decadeHigh() && m > 1) {
                    break;
                }
                double value = m * Math.pow(10, d);
                double y = axes.y(value);
                out.append("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\"/>\n".formatted(
                        f(LEFT), f(y), f(plotRight), f(y), m == 1 ? "#ccc" : "#eee"));
                out.append(text(LEFT - 6, y + 4, msLabel(value), "end", ""));
            }
        }
        out.append("</g>\n<g class=\"x-axis\">\n");
        double step = axes.xTickStep();
        for (double v = 0; v <= axes.xMax() + 1e-9; v += step) {
            double x = axes.x(v);
            out.append("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#eee\"/>\n".formatted(
                    f(x), f(TOP), f(x), f(plotBottom)));
            out.append("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"black\"/>\n".formatted(
                    f(x), f(plotBottom), f(x), f(plotBottom + 5)));
            out.append(text(x, plotBottom + 20, count(v), "middle", ""));
        }
        out.append("</g>\n");
        out.append("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"black\"/>\n".formatted(
                f(LEFT), f(TOP), f(Axes.plotWidth()), f(Axes.plotHeight())));
        out.append(text(LEFT + Axes.plotWidth() / 2, HEIGHT - 22, "offered load (messages/s)", "middle", ""));
        out.append("<text x=\"20\" y=\"%s\" text-anchor=\"middle\" transform=\"rotate(-90 20 %s)\">latency (ms, log scale)</text>\n"
                .formatted(f(TOP + Axes.plotHeight() / 2), f(TOP + Axes.plotHeight() / 2)));

        for (int s = 0; s < SERIES.size(); s++) {
            String dash = s >= 3 ? " stroke-dasharray=\"6 4\"" : "";
            StringBuilder polyline = new StringBuilder();
            StringBuilder markers = new StringBuilder();
            for (Point p : data.points()) {
                double v = p.ms()[s];
                if (Double.isNaN(v)) {
                    continue;
                }
                String xy = f(axes.x(p.offeredPerSec())) + "," + f(axes.y(v));
                polyline.append(polyline.isEmpty() ? "" : " ").append(xy);
                markers.append("<circle cx=\"%s\" cy=\"%s\" r=\"3\" stroke=\"%s\" fill=\"%s\"><title>%s at %s/s: %s ms</title></circle>\n"
                        .formatted(f(axes.x(p.offeredPerSec())), f(axes.y(v)), COLORS[s], p.sustained() ? COLORS[s] : "white",
                                escape(SERIES.get(s)), count(p.offeredPerSec()), f(v)));
            }
            out.append("<g class=\"series\" data-series=\"%s\">\n".formatted(escape(SERIES.get(s))));
            if (!polyline.isEmpty()) {
                out.append("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s points=\"%s\"/>\n".formatted(
                        COLORS[s], s % 3 == 2 ? "2.5" : "1.5", dash, polyline));
            }
            out.append(markers).append("</g>\n");
        }

        out.append("<g class=\"legend\">\n");
        double lx = plotRight + 20;
        for (int s = 0; s < SERIES.size(); s++) {
            double ly = TOP + 10 + s * 22;
            out.append("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"2\"%s/>\n".formatted(
                    f(lx), f(ly), f(lx + 30), f(ly), COLORS[s], s >= 3 ? " stroke-dasharray=\"6 4\"" : ""));
            out.append(text(lx + 38, ly + 4, SERIES.get(s), "start", ""));
        }
        double ly = TOP + 10 + SERIES.size() * 22 + 10;
        out.append("<circle cx=\"%s\" cy=\"%s\" r=\"3\" stroke=\"#444\" fill=\"#444\"/>\n".formatted(f(lx + 15), f(ly)));
        out.append(text(lx + 38, ly + 4, "sustained step / run", "start", ""));
        out.append("<circle cx=\"%s\" cy=\"%s\" r=\"3\" stroke=\"#444\" fill=\"white\"/>\n".formatted(f(lx + 15), f(ly + 20)));
        out.append(text(lx + 38, ly + 24, "not sustained / checks failed", "start", ""));
        out.append(text(lx, ly + 50, "latency from the intended send time", "start", "fill=\"#444\" font-size=\"11\""));
        out.append(text(lx, ly + 64, "(open loop, coordinated omission corrected)", "start", "fill=\"#444\" font-size=\"11\""));
        out.append("</g>\n</svg>\n");
        return out.toString();
    }

    private static String text(double x, double y, String content, String anchor, String extra) {
        return "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\"%s>%s</text>\n".formatted(
                f(x), f(y), anchor, extra.isEmpty() ? "" : " " + extra, escape(content));
    }

    static String f(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String msLabel(double ms) {
        if (ms >= 1000) {
            return count(ms / 1000) + " s";
        }
        return ms >= 1 ? count(ms) : new java.math.BigDecimal(String.format(Locale.ROOT, "%.3f", ms)).stripTrailingZeros().toPlainString();
    }

    private static String count(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value) : String.format(Locale.ROOT, "%,.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
