package io.chatservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.modulith.events.core.EventPublicationRepository;

class SkipProcessingMarkTest {

    private final EventPublicationRepository modulith = mock(EventPublicationRepository.class);
    private final EventPublicationRepository repository = SkipProcessingMark.withoutProcessingMark(modulith);

    @Test
    void theProcessingMarkDoesNotReachTheRepository() {
        repository.markProcessing(UUID.randomUUID());

        verifyNoInteractions(modulith);
    }

    @Test
    void everyOtherCallIsPassedOnWithItsArgumentsAndAnswer() {
        UUID id = UUID.randomUUID();
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        when(modulith.markResubmitted(id, now)).thenReturn(true);
        when(modulith.findIncompletePublications()).thenReturn(List.of());

        repository.markCompleted(id, now);
        repository.markFailed(id);

        assertThat(repository.markResubmitted(id, now)).isTrue();
        assertThat(repository.findIncompletePublications()).isEmpty();
        verify(modulith).markCompleted(id, now);
        verify(modulith).markFailed(id);
    }

    @Test
    void aFailureOfTheRepositoryReachesTheCallerAsItself() {
        UUID id = UUID.randomUUID();
        TransientDataAccessResourceException down = new TransientDataAccessResourceException("database down");
        when(modulith.markResubmitted(id, Instant.EPOCH)).thenThrow(down);

        assertThatThrownBy(() -> repository.markResubmitted(id, Instant.EPOCH)).isSameAs(down);
    }

    @Test
    void onlyThePublicationRepositoryIsWrapped() {
        SkipProcessingMark postProcessor = new SkipProcessingMark();
        Object other = new Object();

        assertThat(postProcessor.postProcessAfterInitialization(other, "other")).isSameAs(other);
        assertThat(postProcessor.postProcessAfterInitialization(modulith, "repository"))
                .isInstanceOf(EventPublicationRepository.class)
                .isNotSameAs(modulith);
    }
}
