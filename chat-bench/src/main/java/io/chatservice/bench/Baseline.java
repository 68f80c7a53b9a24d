package io.chatservice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the database alone does with the server's send transaction (pgbench, see chat-bench/pgbench/baseline.sh):
 * messages per second with one message per transaction and with ten. Run by the tool just before the load
 * (--pgbench), so both figures come from the same machine at the same moment, or read from an earlier run's
 * JSON line (--baseline-json).
 */
record Baseline(double singleMessagesPerSecond, double batchedMessagesPerSecond, String source, JsonNode json) {

    static Baseline run(Path script, String arguments, JsonMapper mapper) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        if (!arguments.isBlank()) {
            command.addAll(List.of(arguments.strip().split("\\s+")));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.err.println("[pgbench] " + line);
                if (line.startsWith("{")) {
                    last = line;
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || last == null) {
            throw new IOException(script + " failed (exit " + exit + ") or printed no JSON line");
        }
        return parse(last, "run now by " + script.getFileName(), mapper);
    }

    static Baseline read(Path file, JsonMapper mapper) throws IOException {
        String last = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("{")) {
                last = line;
            }
        }
        if (last == null) {
            throw new IOException(file + " holds no JSON line from baseline.sh");
        }
        return parse(last, "read from " + file, mapper);
    }

    static Baseline parse(String line, String source, JsonMapper mapper) {
        JsonNode json = mapper.readTree(line);
        double single = json.path("single").path("messagesPerSecond").asDouble(0);
        double batched = json.path("batched").path("messagesPerSecond").asDouble(0);
        if (!(single > 0) || !(batched > 0)) {
            throw new IllegalArgumentException("baseline JSON lacks single/batched messagesPerSecond: " + line);
        }
        return new Baseline(single, batched, source, json);
    }

    Map<String, Object> summary() {
        return Map.of("single", singleMessagesPerSecond, "batched", batchedMessagesPerSecond);
    }
}
