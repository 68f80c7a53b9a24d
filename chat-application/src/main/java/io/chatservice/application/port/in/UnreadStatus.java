package io.chatservice.application.port.in;

import io.chatservice.domain.message.MessageId;
import org.jspecify.annotations.Nullable;

/**
 * @param unreadCount text messages by others, not deleted, after the read marker
 * @param lastReadMessageId the message the member last marked as read (the marker's position), {@code null}
 *     before the first mark
 */
public record UnreadStatus(long unreadCount, @Nullable MessageId lastReadMessageId) {
}
