package io.chatservice.application.port.in;

import io.chatservice.domain.message.MessageId;
import org.jspecify.annotations.Nullable;

/**
 * @param unreadCount text messages by others, not deleted, after the read marker
 * @param lastReadMessageId the newest message at or before the read marker, {@code null} before any
 */
public record UnreadStatus(long unreadCount, @Nullable MessageId lastReadMessageId) {
}
