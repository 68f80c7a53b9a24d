package io.chatservice.application.service;

import static io.chatservice.application.service.ChatScenario.ALICE;
import static io.chatservice.application.service.ChatScenario.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.application.port.in.ConnectionCommand;
import io.chatservice.application.port.in.RateLimitedException;
import io.chatservice.application.testing.ScriptedRateLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectionAdmissionServiceTest {

    private final ScriptedRateLimit limit = new ScriptedRateLimit();
    private final ConnectionAdmissionService admission = new ConnectionAdmissionService(limit::tryAcquire);

    @Test
    void aConnectWithinTheAllowanceIsAdmittedAndSpendsOneUnit() {
        assertThatNoException().isThrownBy(() -> admission.admitConnection(new ConnectionCommand(ALICE, "c-1")));

        assertThat(limit.acquired()).containsExactly(ALICE.id());
    }

    @Test
    void aConnectPastTheAllowanceIsRefusedWithTheWaitAndOthersAreNotAffected() {
        limit.exhaust(ALICE.id(), Duration.ofSeconds(4));

        assertThatThrownBy(() -> admission.admitConnection(new ConnectionCommand(ALICE, "c-1")))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        limited -> assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(4)));
        assertThatNoException().isThrownBy(() -> admission.admitConnection(new ConnectionCommand(BOB, "c-2")));
    }
}
