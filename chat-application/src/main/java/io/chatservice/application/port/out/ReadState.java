package io.chatservice.application.port.out;

import io.chatservice.domain.message.MessageId;
import org.jspecify.annotations.Nullable;

/**
 * @param lastReadSeq seq up to which the member has read
 * @param lastReadMessageId the message the member last marked as read, {@code null} before the first mark
 * @param unreadCount text messages by others, not deleted, with a seq after {@code lastReadSeq}
 */
public record ReadState(long lastReadSeq, @Nullable MessageId lastReadMessageId, long unreadCount) {
}
