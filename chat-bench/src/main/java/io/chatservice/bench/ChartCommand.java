package io.chatservice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --chart-from results.jsonl --chart-out chart.svg [--chart-scenario chat] [--chart-runs id,id]
 * [--chart-title TEXT]}: draws the latency percentiles of earlier runs against their offered load. It starts no
 * load and needs no server.
 */
record ChartCommand(Path from, Path out, String scenario, Set<String> runIds, @Nullable String title) {

    private static final Set<String> FLAGS = Set.of("chart-from", "chart-out", "chart-scenario", "chart-runs", "chart-title");

    static boolean wanted(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.equals("--chart-from") || a.startsWith("--chart-from="));
    }

    static ChartCommand parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "': flags start with --");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("flag --" + name + " needs a value");
            }
            if (!FLAGS.contains(name)) {
                throw new IllegalArgumentException("--" + name + " does not go with --chart-from; chart flags are --"
                        + String.join(", --", FLAGS.stream().sorted().toList()));
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException("flag --" + name + " given twice");
            }
        }
        String out = values.get("chart-out");
        if (out == null || out.isBlank()) {
            throw new IllegalArgumentException("--chart-out FILE.svg is required with --chart-from");
        }
        Set<String> runIds = new LinkedHashSet<>();
        for (String id : values.getOrDefault("chart-runs", "").split(",")) {
            if (!id.isBlank()) {
                runIds.add(id.strip());
            }
        }
        String scenario = values.getOrDefault("chart-scenario", "chat").strip();
        if (!scenario.equals("chat") && !scenario.equals("broadcast")) {
            throw new IllegalArgumentException("--chart-scenario must be chat or broadcast (was '" + scenario + "')");
        }
        return new ChartCommand(Path.of(values.get("chart-from")), Path.of(out), scenario, runIds, values.get("chart-title"));
    }

    /** Writes the chart; 0 on success, 2 when the input is missing or holds nothing to draw. */
    int run(JsonMapper json) {
        try {
            LatencyChart.Data data = LatencyChart.read(Files.readAllLines(from, StandardCharsets.UTF_8), scenario, runIds, json);
            String svg = LatencyChart.svg(data, title);
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, svg, StandardCharsets.UTF_8);
            System.out.println("chart of %d points from runs %s written to %s".formatted(data.points().size(), data.runIds(), out));
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("chat-bench: could not draw the chart from " + from + ": " + Failures.describe(e));
            return 2;
        }
    }
}
