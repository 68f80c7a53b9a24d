package io.chatservice.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU used by the tool and (with --server-pid) by the server over a stretch of wall time, in cores: 1.0 is one
 * core busy all the time. A tool near the machine's core count is itself the bottleneck and its figures are
 * suspect; the report shows both, and the machine's load average, so readers can judge.
 */
final class CpuWindow {

    private final ServerProbe probe;
    private final long startNanos = System.nanoTime();
    private final long toolStart = ServerProbe.toolCpuNanos();
    private final long serverStart;

    CpuWindow(ServerProbe probe, long serverCpuNanos) {
        this.probe = probe;
        this.serverStart = serverCpuNanos;
    }

    static CpuWindow start(ServerProbe probe) {
        return new CpuWindow(probe, probe.cpuNanos());
    }

    Map<String, Object> finish() {
        long wall = System.nanoTime() - startNanos;
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("wallSeconds", Report.round(wall / 1e9));
        long toolNanos = ServerProbe.toolCpuNanos() - toolStart;
        cpu.put("toolCpuCores", cores(toolNanos, wall, toolStart));
        cpu.put("toolCpuSeconds", toolStart < 0 ? null : Math.round(toolNanos / 1e6) / 1e3);
        long serverNow = serverStart < 0 ? -1 : probe.cpuNanos();
        cpu.put("serverCpuCores", serverNow < 0 ? null : cores(serverNow - serverStart, wall, serverStart));
        cpu.put("machineCores", Runtime.getRuntime().availableProcessors());
        cpu.put("loadAverage1m", Report.round(ServerProbe.loadAverage()));
        return cpu;
    }

    private static Object cores(long cpuNanos, long wallNanos, long start) {
        return start < 0 || wallNanos <= 0 ? null : Report.round((double) cpuNanos / wallNanos);
    }
}
