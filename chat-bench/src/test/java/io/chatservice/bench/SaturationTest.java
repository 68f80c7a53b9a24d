package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SaturationTest {

    @Test
    void aStepWhoseAcksKeptUpWithinTheLatencyBoundIsSustained() {
        assertThat(Saturation.judge(1000, 990, 0, 40.0, 1000)).isEqualTo(Saturation.SUSTAINED);
    }

    @Test
    void acksBelowNinetyFivePercentOfTheSendsFallBehind() {
        assertThat(Saturation.judge(1000, 940, 0, 40.0, 1000)).startsWith("acks fell behind");
    }

    @Test
    void aP99OverTheBoundIsNotSustainedEvenIfAllWereAcked() {
        assertThat(Saturation.judge(1000, 1000, 0, 1500.0, 1000)).startsWith("ack p99");
    }

    @Test
    void anyErrorEndsTheClimb() {
        assertThat(Saturation.judge(1000, 1000, 1, 10.0, 1000)).startsWith("errors");
    }

    @Test
    void aStepWithoutSendsIsNotSustained() {
        assertThat(Saturation.judge(0, 0, 0, 0, 1000)).isNotEqualTo(Saturation.SUSTAINED);
    }
}
