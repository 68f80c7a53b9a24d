package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class ChartCommandTest {

    @Test
    void chartFlagsAreRecognisedAndParsed() {
        String[] args = {"--chart-from", "r.jsonl", "--chart-out=out/c.svg", "--chart-runs", "a, b", "--chart-title", "t"};

        ChartCommand command = ChartCommand.parse(args);

        assertThat(ChartCommand.wanted(args)).isTrue();
        assertThat(ChartCommand.wanted(new String[] {"--scenario", "chat"})).isFalse();
        assertThat(command.from()).isEqualTo(Path.of("r.jsonl"));
        assertThat(command.out()).isEqualTo(Path.of("out/c.svg"));
        assertThat(command.runIds()).containsExactly("a", "b");
        assertThat(command.scenario()).isEqualTo("chat");
        assertThat(command.title()).isEqualTo("t");
    }

    @Test
    void anOutputFileIsRequiredAndLoadFlagsAreRefused() {
        assertThatThrownBy(() -> ChartCommand.parse(new String[] {"--chart-from", "r.jsonl"}))
                .hasMessageContaining("--chart-out");
        assertThatThrownBy(() -> ChartCommand.parse(new String[] {"--chart-from", "r.jsonl", "--chart-out", "c.svg", "--rate", "5"}))
                .hasMessageContaining("--rate does not go with --chart-from");
        assertThatThrownBy(() -> ChartCommand.parse(new String[] {"--chart-from", "r.jsonl", "--chart-out", "c.svg", "--chart-scenario", "idle"}))
                .hasMessageContaining("chat or broadcast");
    }

    @Test
    void writesTheSvgFileAndFailsWithStatusTwoOnAMissingInput(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("r.jsonl");
        Files.writeString(results, """
                {"scenario":"chat","mode":"fixed","runId":"x","config":{"rate":2000},"ok":true,\
                "ackLatencyMs":{"count":5,"p50":1.5,"p90":3.0,"p99":9.0},"deliveryLatencyMs":{"count":50,"p50":2.0,"p90":4.0,"p99":12.0}}
                """);
        Path svg = dir.resolve("charts/c.svg");

        int status = new ChartCommand(results, svg, "chat", java.util.Set.of(), null).run(JsonMapper.builder().build());

        assertThat(status).isZero();
        assertThat(Files.readString(svg)).startsWith("<?xml").contains("<polyline");
        assertThat(new ChartCommand(dir.resolve("absent.jsonl"), svg, "chat", java.util.Set.of(), null)
                .run(JsonMapper.builder().build())).isEqualTo(2);
    }
}
