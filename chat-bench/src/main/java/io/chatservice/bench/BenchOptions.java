package io.chatservice.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Every flag of the tool. A scenario preset fills in its defaults (the sizes); any flag given on the
 * command line overrides it. Parsing refuses unknown flags and bad values with a message naming the flag.
 */
record BenchOptions(
        Scenario scenario,
        URI url,
        String wsPath,
        @Nullable String secret,
        Duration tokenTtl,
        int rooms,
        int subscribers,
        int senders,
        double rate,
        Duration duration,
        Duration warmup,
        Duration drain,
        int messageSize,
        int maxInFlight,
        boolean saturate,
        double saturateStart,
        double saturateFactor,
        Duration saturateStep,
        Duration saturateMaxP99,
        double saturateMaxRate,
        int connections,
        int connectionsPerUser,
        int connectConcurrency,
        Duration connectTimeout,
        String transport,
        int clients,
        int backlog,
        int syncLimit,
        Duration heartbeat,
        @Nullable Long serverPid,
        @Nullable URI actuator,
        boolean forceGc,
        @Nullable Path pgbench,
        String pgbenchArgs,
        @Nullable Path baselineJson,
        int setupConcurrency,
        String runId,
        @Nullable Path jsonOut) {

    enum Scenario {
        CHAT,
        BROADCAST,
        IDLE,
        SYNC;

        static Scenario parse(String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--scenario must be one of chat, broadcast, idle, sync (was '" + value + "')");
            }
        }
    }

    private static final Set<String> BOOLEAN_FLAGS = Set.of("saturate", "force-gc", "help");

    private static final Set<String> FLAGS = Set.of(
            "scenario", "url", "ws-path", "secret", "token-ttl", "rooms", "subscribers", "senders", "rate",
            "duration", "warmup", "drain", "message-size", "max-in-flight", "saturate", "saturate-start",
            "saturate-factor", "saturate-step", "saturate-max-p99", "saturate-max-rate", "connections",
            "connections-per-user", "transport",
            "connect-concurrency", "connect-timeout", "clients", "backlog", "sync-limit", "heartbeat", "server-pid",
            "actuator", "force-gc", "pgbench", "pgbench-args", "baseline-json", "setup-concurrency", "run-id",
            "json-out", "help");

    /** The sizes per scenario; every one of them can be overridden by its flag. */
    private static Map<String, String> preset(Scenario scenario) {
        Map<String, String> values = new HashMap<>();
        values.put("duration", "60s");
        values.put("warmup", "5s");
        switch (scenario) {
            case CHAT -> {
                values.put("rooms", "100");
                values.put("subscribers", "10");
                values.put("senders", "20");
                values.put("rate", "500");
            }
            case BROADCAST -> {
                values.put("rooms", "1");
                values.put("subscribers", "1000");
                values.put("senders", "1");
                values.put("rate", "20");
            }
            case IDLE -> {
                values.put("rooms", "10");
                values.put("connections", "20000");
                values.put("duration", "30s");
                values.put("force-gc", "true");
            }
            case SYNC -> {
                values.put("rooms", "10");
                values.put("clients", "1000");
                values.put("backlog", "100");
            }
        }
        return values;
    }

    static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    static BenchOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "': flags start with --");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!FLAGS.contains(name)) {
                throw new IllegalArgumentException("unknown flag --" + name + " (see --help)");
            }
            if (value == null) {
                if (BOOLEAN_FLAGS.contains(name)
                        && (i + 1 == args.length || args[i + 1].startsWith("--"))) {
                    value = "true";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException("flag --" + name + " needs a value");
                }
            }
            if (given.put(name, value) != null) {
                throw new IllegalArgumentException("flag --" + name + " given twice");
            }
        }
        if (!given.containsKey("scenario")) {
            throw new IllegalArgumentException("--scenario is required: chat, broadcast, idle or sync (see --help)");
        }
        Scenario scenario = Scenario.parse(given.get("scenario"));
        Map<String, String> values = preset(scenario);
        values.putAll(given);
        Reader in = new Reader(values);
        URI url = in.uri("url", "http://localhost:8080");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("--url must be an http:// or https:// address (was " + url + ")");
        }
        String pid = values.get("server-pid");
        String actuator = values.get("actuator");
        String secret = values.get("secret");
        BenchOptions options = new BenchOptions(
                scenario,
                url,
                in.string("ws-path", "/ws"),
                secret == null || secret.isBlank() ? null : secret,
                in.duration("token-ttl", "2h"),
                in.positiveInt("rooms", "1"),
                in.positiveInt("subscribers", "1"),
                in.positiveInt("senders", "1"),
                in.positiveDouble("rate", "100"),
                in.duration("duration", "60s"),
                in.duration("warmup", "0s"),
                in.duration("drain", "10s"),
                in.positiveInt("message-size", "100"),
                in.nonNegativeInt("max-in-flight", "100"),
                in.bool("saturate", "false"),
                in.positiveDouble("saturate-start", "100"),
                in.positiveDouble("saturate-factor", "1.25"),
                in.duration("saturate-step", "10s"),
                in.duration("saturate-max-p99", "1s"),
                in.positiveDouble("saturate-max-rate", "1000000"),
                in.positiveInt("connections", "1000"),
                in.positiveInt("connections-per-user", "1"),
                in.positiveInt("connect-concurrency", "64"),
                in.duration("connect-timeout", "30s"),
                in.string("transport", "http".equals(url.getScheme()) ? "nio" : "jdk").toLowerCase(Locale.ROOT),
                in.positiveInt("clients", "100"),
                in.nonNegativeInt("backlog", "100"),
                in.positiveInt("sync-limit", "200"),
                in.duration("heartbeat", "10s"),
                pid == null ? null : in.pid(pid),
                actuator == null ? null : in.uri("actuator", actuator),
                in.bool("force-gc", "false"),
                in.path("pgbench"),
                in.string("pgbench-args", ""),
                in.path("baseline-json"),
                in.positiveInt("setup-concurrency", "32"),
                in.string("run-id", UUID.randomUUID().toString().substring(0, 8)),
                in.path("json-out"));
        options.validate();
        return options;
    }

    private void validate() {
        if (!transport.equals("jdk") && !transport.equals("nio")) {
            throw new IllegalArgumentException("--transport must be jdk or nio (was '" + transport + "')");
        }
        if (transport.equals("nio") && !"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("--transport nio speaks ws:// only: use an http:// --url or --transport jdk");
        }
        if (saturateFactor <= 1.0) {
            throw new IllegalArgumentException("--saturate-factor must be greater than 1 (was " + saturateFactor + ")");
        }
        if (syncLimit > 200) {
            throw new IllegalArgumentException("--sync-limit must be 1..200, the server's page limit (was " + syncLimit + ")");
        }
        if (saturate && (scenario == Scenario.IDLE || scenario == Scenario.SYNC)) {
            throw new IllegalArgumentException("--saturate applies to the chat and broadcast scenarios only");
        }
        if (!runId.matches("[A-Za-z0-9-]{1,16}")) {
            throw new IllegalArgumentException("--run-id must be 1-16 letters, digits or dashes (was '" + runId + "')");
        }
        if (duration.isZero()) {
            throw new IllegalArgumentException("--duration must be longer than 0");
        }
        if (pgbench != null && baselineJson != null) {
            throw new IllegalArgumentException("give --pgbench (run the baseline now) or --baseline-json, not both");
        }
    }

    URI wsEndpoint() {
        String scheme = "https".equals(url.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + url.getRawAuthority() + wsPath);
    }

    URI actuatorBase() {
        return actuator != null ? actuator : url.resolve("/actuator");
    }

    /** Reads typed values, naming the flag in every complaint. */
    private record Reader(Map<String, String> values) {

        String string(String flag, String fallback) {
            return values.getOrDefault(flag, fallback);
        }

        URI uri(String flag, String fallback) {
            String raw = string(flag, fallback);
            try {
                URI uri = URI.create(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("no host");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--" + flag + " is not a valid address: " + raw);
            }
        }

        int positiveInt(String flag, String fallback) {
            int value = integer(flag, fallback);
            if (value < 1) {
                throw new IllegalArgumentException("--" + flag + " must be at least 1 (was " + value + ")");
            }
            return value;
        }

        int nonNegativeInt(String flag, String fallback) {
            int value = integer(flag, fallback);
            if (value < 0) {
                throw new IllegalArgumentException("--" + flag + " must not be negative (was " + value + ")");
            }
            return value;
        }

        private int integer(String flag, String fallback) {
            String raw = string(flag, fallback).replace("_", "");
            try {
                return Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + flag + " must be a whole number (was '" + raw + "')");
            }
        }

        double positiveDouble(String flag, String fallback) {
            String raw = string(flag, fallback).replace("_", "");
            double value;
            try {
                value = Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + flag + " must be a number (was '" + raw + "')");
            }
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("--" + flag + " must be greater than 0 (was " + raw + ")");
            }
            return value;
        }

        boolean bool(String flag, String fallback) {
            String raw = string(flag, fallback);
            return switch (raw.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new IllegalArgumentException("--" + flag + " must be true or false (was '" + raw + "')");
            };
        }

        Duration duration(String flag, String fallback) {
            String raw = string(flag, fallback);
            try {
                return parseDuration(raw);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--" + flag + " must be a duration such as 500ms, 20s, 2m or 1h (was '" + raw + "')");
            }
        }

        long pid(String raw) {
            try {
                long pid = Long.parseLong(raw);
                if (pid > 0) {
                    return pid;
                }
            } catch (NumberFormatException ignored) {
                // the message below says what is wanted
            }
            throw new IllegalArgumentException("--server-pid must be a process id (was '" + raw + "')");
        }

        @Nullable Path path(String flag) {
            String raw = values.get(flag);
            return raw == null || raw.isBlank() ? null : Path.of(raw);
        }
    }

    static Duration parseDuration(String raw) {
        String text = raw.strip().toLowerCase(Locale.ROOT);
        long amount;
        Duration unit;
        if (text.endsWith("ms")) {
            amount = Long.parseLong(text.substring(0, text.length() - 2));
            unit = Duration.ofMillis(1);
        } else if (text.endsWith("s")) {
            amount = Long.parseLong(text.substring(0, text.length() - 1));
            unit = Duration.ofSeconds(1);
        } else if (text.endsWith("m")) {
            amount = Long.parseLong(text.substring(0, text.length() - 1));
            unit = Duration.ofMinutes(1);
        } else if (text.endsWith("h")) {
            amount = Long.parseLong(text.substring(0, text.length() - 1));
            unit = Duration.ofHours(1);
        } else {
            amount = Long.parseLong(text);
            unit = Duration.ofSeconds(1);
        }
        if (amount < 0) {
            throw new IllegalArgumentException("negative duration");
        }
        return unit.multipliedBy(amount);
    }
}
