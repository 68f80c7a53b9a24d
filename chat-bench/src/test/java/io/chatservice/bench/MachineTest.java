package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineTest {

    @Test
    void theCpuModelIsTheFirstModelNameOfCpuinfo(@TempDir Path dir) throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: AMD EPYC 7B13\nprocessor\t: 1\nmodel name\t: other\n");

        assertThat(Machine.cpuModel(cpuinfo)).isEqualTo("AMD EPYC 7B13");
        assertThat(Machine.cpuModel(dir.resolve("absent"))).isEqualTo("unknown");
    }

    @Test
    void theSummaryNamesModelCoresAndMemory() {
        assertThat(Machine.summary(Map.of("cpuModel", "X", "cores", 2, "memTotalBytes", 3L << 30)))
                .isEqualTo("X, 2 cores, 3.0 GiB");
        assertThat(Machine.describe()).containsKeys("cpuModel", "cores", "memTotalBytes", "java");
    }
}
