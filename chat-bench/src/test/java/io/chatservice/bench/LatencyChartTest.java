package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.json.JsonMapper;

class LatencyChartTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String latency(double p50, double p90, double p99) {
        return "{\"count\":100,\"p50\":%s,\"p90\":%s,\"p99\":%s,\"p999\":%s,\"max\":%s}".formatted(p50, p90, p99, p99, p99);
    }

    private static final String SATURATE = """
            {"scenario":"chat","mode":"saturate","runId":"sat1","timestamp":"2026-12-02T17:40:00Z",
             "machine":{"cpuModel":"Test CPU","cores":2,"memTotalBytes":2147483648},
             "saturation":{"steps":[
               {"targetRate":100.0,"ackLatencyMs":%s,"deliveryLatencyMs":%s,"verdict":"sustained"},
               {"targetRate":1000.0,"ackLatencyMs":%s,"deliveryLatencyMs":%s,"verdict":"acks fell behind (1 of 2)"}]}}"""
            .formatted(latency(2, 4, 10), latency(3, 6, 20), latency(50, 200, 1000), latency(60, 250, 2000))
            .replace("\n", "");

    private static final String FIXED = """
            {"scenario":"chat","mode":"fixed","runId":"fix1","timestamp":"2026-12-02T17:50:00Z",
             "config":{"rate":500},"ok":true,"ackLatencyMs":%s,"deliveryLatencyMs":%s}"""
            .formatted(latency(5, 8, 12), latency(6, 9, 15)).replace("\n", "");

    private static final String OTHER_SCENARIO = """
            {"scenario":"broadcast","mode":"fixed","runId":"b1","config":{"rate":20},"ok":true,
             "ackLatencyMs":%s,"deliveryLatencyMs":%s}""".formatted(latency(1, 1, 1), latency(1, 1, 1)).replace("\n", "");

    @Test
    void everySaturateStepAndEveryFixedRunIsOnePointSortedByOfferedLoad() {
        LatencyChart.Data data = LatencyChart.read(List.of(SATURATE, OTHER_SCENARIO, FIXED, ""), "chat", Set.of(), JSON);

        assertThat(data.points()).extracting(LatencyChart.Point::offeredPerSec).containsExactly(100.0, 500.0, 1000.0);
        assertThat(data.points()).extracting(LatencyChart.Point::sustained).containsExactly(true, true, false);
        assertThat(data.points().get(0).ms()).containsExactly(2, 4, 10, 3, 6, 20);
        assertThat(data.points().get(1).ms()).containsExactly(5, 8, 12, 6, 9, 15);
        assertThat(data.runIds()).containsExactly("sat1", "fix1");
        assertThat(data.date()).isEqualTo("2026-12-02");
        assertThat(data.machine()).isEqualTo("Test CPU, 2 cores, 2.0 GiB");
    }

    @Test
    void runIdsSelectWhichRunsAreDrawn() {
        LatencyChart.Data data = LatencyChart.read(List.of(SATURATE, FIXED), "chat", Set.of("fix1"), JSON);

        assertThat(data.points()).extracting(LatencyChart.Point::offeredPerSec).containsExactly(500.0);
    }

    @Test
    void aDistributionWithoutSamplesIsNotDrawnAtZero() {
        String noDeliveries = FIXED.replace("\"deliveryLatencyMs\":{\"count\":100", "\"deliveryLatencyMs\":{\"count\":0");

        double[] ms = LatencyChart.read(List.of(noDeliveries), "chat", Set.of(), JSON).points().get(0).ms();

        assertThat(ms[2]).isEqualTo(12.0);
        assertThat(ms[3]).isNaN();
        assertThat(ms[5]).isNaN();
    }

    @Test
    void theAxesSpanWholeDecadesOnYAndANiceRoundLoadOnX() {
        LatencyChart.Axes axes = LatencyChart.Axes.fit(
                LatencyChart.read(List.of(SATURATE, FIXED), "chat", Set.of(), JSON).points());

        assertThat(axes.decadeLow()).isEqualTo(0);
        assertThat(axes.decadeHigh()).isEqualTo(4);
        assertThat(axes.xMax()).isEqualTo(1000.0);
        double bottom = LatencyChart.TOP + LatencyChart.Axes.plotHeight();
        assertThat(axes.y(1)).isCloseTo(bottom, within(1e-9));
        assertThat(axes.y(10_000)).isCloseTo(LatencyChart.TOP, within(1e-9));
        assertThat(axes.y(100)).isCloseTo(LatencyChart.TOP + LatencyChart.Axes.plotHeight() / 2, within(1e-9));
        assertThat(axes.x(0)).isEqualTo(LatencyChart.LEFT);
        assertThat(axes.x(500)).isCloseTo(LatencyChart.LEFT + LatencyChart.Axes.plotWidth() / 2, within(1e-9));
    }

    @Test
    void niceCeilRoundsUpToOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen() {
        assertThat(LatencyChart.niceCeil(1000)).isEqualTo(1000);
        assertThat(LatencyChart.niceCeil(1001)).isEqualTo(2000);
        assertThat(LatencyChart.niceCeil(2100)).isEqualTo(2500);
        assertThat(LatencyChart.niceCeil(3052)).isEqualTo(5000);
        assertThat(LatencyChart.niceCeil(7000)).isEqualTo(10000);
    }

    @Test
    void theSvgIsWellFormedWithSixLinesPlacedAtTheirValuesAndALegend() throws Exception {
        LatencyChart.Data data = LatencyChart.read(List.of(SATURATE, FIXED), "chat", Set.of(), JSON);
        LatencyChart.Axes axes = LatencyChart.Axes.fit(data.points());

        Document svg = parse(LatencyChart.svg(data, null));

        NodeList lines = svg.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(6);
        Element ackP99 = series(svg, "send→ack p99");
        String points = ((Element) ackP99.getElementsByTagName("polyline").item(0)).getAttribute("points");
        assertThat(points).isEqualTo(String.join(" ",
                LatencyChart.f(axes.x(100)) + "," + LatencyChart.f(axes.y(10)),
                LatencyChart.f(axes.x(500)) + "," + LatencyChart.f(axes.y(12)),
                LatencyChart.f(axes.x(1000)) + "," + LatencyChart.f(axes.y(1000))));
        NodeList markers = ackP99.getElementsByTagName("circle");
        assertThat(((Element) markers.item(2)).getAttribute("fill")).as("the step that fell behind is hollow").isEqualTo("white");
        assertThat(((Element) markers.item(0)).getAttribute("fill")).isNotEqualTo("white");
        String text = svg.getDocumentElement().getTextContent();
        assertThat(text).contains("chat-bench chat: latency against offered load", "2026-12-02", "Test CPU, 2 cores",
                "offered load (messages/s)", "latency (ms, log scale)");
        LatencyChart.SERIES.forEach(name -> assertThat(text).contains(name));
        assertThat(text).contains("1 s", "100", "1,000");
    }

    @Test
    void aGivenTitleIsEscaped() throws Exception {
        LatencyChart.Data data = LatencyChart.read(List.of(FIXED), "chat", Set.of(), JSON);

        Document svg = parse(LatencyChart.svg(data, "group commit <on> & off"));

        assertThat(svg.getDocumentElement().getTextContent()).contains("group commit <on> & off");
    }

    @Test
    void nothingToDrawIsAClearError() {
        LatencyChart.Data data = LatencyChart.read(List.of(OTHER_SCENARIO), "chat", Set.of(), JSON);

        assertThatThrownBy(() -> LatencyChart.svg(data, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing to draw");
    }

    private static Element series(Document svg, String name) {
        NodeList groups = svg.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (name.equals(g.getAttribute("data-series"))) {
                return g;
            }
        }
        throw new AssertionError("no series " + name);
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
