package io.chatservice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine the tool ran on, recorded in every result: a figure means nothing without it, and a chart drawn
 * later (perhaps elsewhere) takes its title from it.
 */
final class Machine {

    private Machine() {}

    static Map<String, Object> describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpuModel", cpuModel(Path.of("/proc/cpuinfo")));
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        long mem = ServerProbe.kilobytes(ServerProbe.procStatus(Path.of("/proc/meminfo")).get("MemTotal"));
        machine.put("memTotalBytes", mem < 0 ? null : mem);
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return machine;
    }

    /** The first {@code model name} of /proc/cpuinfo, or "unknown" where there is none (not Linux). */
    static String cpuModel(Path cpuinfo) {
        try {
            List<String> lines = Files.readAllLines(cpuinfo);
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equals("model name")) {
                    return line.substring(colon + 1).strip();
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // not Linux, or not readable: say so rather than guess
        }
        return "unknown";
    }

    /** One line for a chart title: "Intel Xeon …, 2 cores, 23.4 GiB". */
    static String summary(Map<String, ?> machine) {
        Object model = machine.get("cpuModel");
        StringBuilder out = new StringBuilder(model == null ? "unknown" : model.toString());
        Object cores = machine.get("cores");
        if (cores != null) {
            out.append(", ").append(cores).append(" cores");
        }
        if (machine.get("memTotalBytes") instanceof Number mem) {
            out.append(", %.1f GiB".formatted(mem.doubleValue() / (1L << 30)));
        }
        return out.toString();
    }
}
