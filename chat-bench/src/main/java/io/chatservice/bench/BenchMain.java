package io.chatservice.bench;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Entry point: {@code java -jar chat-bench.jar --scenario chat|broadcast|idle|sync [flags]}. Exit status 0 when
 * the run met its checks (nothing missing, duplicated or reordered; outside --saturate also no errors and every
 * send acked), 1 when it did not, 2 for bad flags or a run that could not be set up.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || BenchOptions.wantsHelp(args)) {
            System.out.print(Usage.TEXT);
            return args.length == 0 ? 2 : 0;
        }
        if (ChartCommand.wanted(args)) {
            try {
                return ChartCommand.parse(args).run(JsonMapper.builder().build());
            } catch (IllegalArgumentException e) {
                System.err.println("chat-bench: " + e.getMessage());
                return 2;
            }
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("chat-bench: " + e.getMessage());
            return 2;
        }
        JsonMapper json = JsonMapper.builder().build();
        try (Transport transport = new Transport(options.connectTimeout())) {
            Hs256Tokens minter = options.secret() == null ? null : new Hs256Tokens(options.secret(), options.tokenTtl());
            ChatApi api = new ChatApi(transport.rest(), options.url(), json, Duration.ofSeconds(30), minter);
            Bench bench = new Bench(options, api, transport, new ServerProbe(options.serverPid(), options.actuatorBase(), api, "b" + options.runId() + "-probe"),
                    new ErrorCounts(), json);
            Baseline baseline = baseline(options, json);
            Report report = switch (options.scenario()) {
                case CHAT, BROADCAST -> {
                    LoadRun load = new LoadRun(bench);
                    try {
                        yield load.run();
                    } finally {
                        load.close();
                    }
                }
                case IDLE -> {
                    IdleRun idle = new IdleRun(bench);
                    try {
                        yield idle.run();
                    } finally {
                        idle.close();
                    }
                }
                case SYNC -> new SyncRun(bench).run();
            };
            report.put("machine", Machine.describe());
            report.baseline(baseline, rates(report));
            report.print(json, options);
            return Boolean.TRUE.equals(report.json().get("ok")) ? 0 : 1;
        } catch (Exception e) {
            System.err.println("chat-bench: the run against " + options.url() + " could not be completed: " + Failures.describe(e));
            return 2;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> rates(Report report) {
        Object rates = report.json().remove("ratesForBaseline");
        if (rates instanceof Map<?, ?> map) {
            return (Map<String, Double>) map;
        }
        Object synced = report.json().get("messagesSyncedPerSec");
        return synced instanceof Double perSecond ? Map.of("messagesSyncedPerSec", perSecond) : Map.of();
    }

    private static @Nullable Baseline baseline(BenchOptions options, JsonMapper json) throws Exception {
        if (options.pgbench() != null) {
            System.err.println("[chat-bench] running the database baseline: " + options.pgbench());
            return Baseline.run(options.pgbench(), options.pgbenchArgs(), json);
        }
        if (options.baselineJson() != null) {
            return Baseline.read(options.baselineJson(), json);
        }
        return null;
    }
}
