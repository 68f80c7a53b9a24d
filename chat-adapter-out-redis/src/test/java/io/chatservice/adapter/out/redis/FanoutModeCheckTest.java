package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FanoutModeCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void theTwoModesAreAccepted(String mode) {
        assertThatCode(() -> new FanoutModeCheck(mode)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka", "", " redis", "REDIS", "local,redis"})
    void anythingElseStopsTheStartNamingTheSettingAndTheModes(String mode) {
        assertThatIllegalStateException()
                .isThrownBy(() -> new FanoutModeCheck(mode))
                .withMessageContaining("chat.fanout (environment variable CHAT_FANOUT) is '" + mode + "'")
                .withMessageContaining("'local'")
                .withMessageContaining("'redis'");
    }
}
