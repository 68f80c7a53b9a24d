package io.chatservice.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What can be seen of the server process from outside: resident memory and CPU time from {@code /proc/<pid>}
 * (Linux), and the used Java heap from the actuator's {@code jvm.memory.used} metric if it is exposed, else from
 * {@code jcmd <pid> GC.heap_info}. Each reading says where it came from.
 */
final class ServerProbe {

    /** One look at the server. Values are -1 where they could not be read. */
    record Sample(long rssBytes, long heapUsedBytes, long heapCommittedBytes, String heapSource, long cpuNanos,
            int threads) {

        /**
         * Resident memory outside the committed heap: thread stacks, socket and direct buffers, metaspace. The
         * collector commits and uncommits heap as it likes, so RSS alone moves for reasons no connection caused.
         */
        long offHeapRssBytes() {
            return rssBytes < 0 || heapCommittedBytes < 0 ? -1 : rssBytes - heapCommittedBytes;
        }
    }

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern HEAP_COMMITTED = Pattern.compile("committed (\\d+)K");
    static final long TICKS_PER_SECOND = clockTicks();

    private final @Nullable Long pid;
    private final URI actuator;
    private final ChatApi api;
    private final String probeUser;
    private @Nullable String token;

    /** The actuator answers authenticated callers only, so the probe asks as a user of its own. */
    ServerProbe(@Nullable Long pid, URI actuator, ChatApi api, String probeUser) {
        this.pid = pid;
        this.actuator = actuator;
        this.api = api;
        this.probeUser = probeUser;
    }

    private synchronized @Nullable String token() {
        if (token == null) {
            try {
                token = api.token(probeUser);
            } catch (IOException | RuntimeException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return token;
    }

    boolean hasPid() {
        return pid != null;
    }

    /** The server's CPU time so far from /proc alone (-1 without --server-pid): cheap enough between two steps. */
    long cpuNanos() {
        return pid == null ? -1 : procCpuNanos(Path.of("/proc", pid.toString(), "stat"));
    }

    /** With {@code forceGc}, asks the server for a full GC first (jcmd GC.run), so the heap figure is live data. */
    Sample sample(boolean forceGc) {
        if (forceGc && pid != null) {
            jcmd("GC.run");
        }
        long rss = -1;
        int threads = -1;
        long cpu = -1;
        if (pid != null) {
            Map<String, String> status = procStatus(Path.of("/proc", pid.toString(), "status"));
            rss = kilobytes(status.get("VmRSS"));
            threads = status.containsKey("Threads") ? Integer.parseInt(status.get("Threads").strip()) : -1;
            cpu = procCpuNanos(Path.of("/proc", pid.toString(), "stat"));
        }
        long heap = -1;
        long committed = -1;
        String source = "unavailable (no actuator metrics, no --server-pid for jcmd)";
        long used = actuatorHeap("jvm.memory.used");
        if (used >= 0) {
            heap = used;
            committed = actuatorHeap("jvm.memory.committed");
            source = "actuator jvm.memory.used{area=heap}";
        } else if (pid != null) {
            String info = jcmd("GC.heap_info");
            Matcher usedMatch = info == null ? null : HEAP_USED.matcher(info);
            Matcher committedMatch = info == null ? null : HEAP_COMMITTED.matcher(info);
            if (usedMatch != null && usedMatch.find()) {
                heap = Long.parseLong(usedMatch.group(1)) * 1024;
                committed = committedMatch.find() ? Long.parseLong(committedMatch.group(1)) * 1024 : -1;
                source = "jcmd GC.heap_info";
            } else {
                source = "unavailable (actuator metrics not exposed, jcmd failed)";
            }
        }
        if (forceGc && heap >= 0) {
            source += pid != null ? " after jcmd GC.run" : " (no forced GC without --server-pid)";
        }
        return new Sample(rss, heap, committed, source, cpu, threads);
    }

    private long actuatorHeap(String metric) {
        JsonNode answer = api.getOrNull(URI.create(actuator + "/metrics/" + metric + "?tag=area:heap"), token());
        if (answer == null || !answer.has("measurements")) {
            return -1;
        }
        return (long) answer.get("measurements").get(0).get("value").asDouble();
    }

    static Map<String, String> procStatus(Path file) {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return fields;
    }

    /** "123456 kB" → bytes; -1 if absent. */
    static long kilobytes(@Nullable String value) {
        if (value == null) {
            return -1;
        }
        String[] parts = value.strip().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
    }

    /** utime + stime of /proc/<pid>/stat (fields 14 and 15, counted after the parenthesised command name). */
    static long procCpuNanos(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1_000_000_000L / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private @Nullable String jcmd(String command) {
        Long target = pid;
        if (target == null) {
            return null;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        try {
            Process process = new ProcessBuilder(List.of(jcmd.toString(), target.toString(), command))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroy();
                return null;
            }
            return output;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static long clockTicks() {
        try {
            Process process = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            process.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** The tool's own CPU time (all threads), to show whether the load generator itself was the bottleneck. */
    static long toolCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static long toolRssBytes() {
        return kilobytes(procStatus(Path.of("/proc/self/status")).get("VmRSS"));
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
