package io.chatservice.application.port.in;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends a text message. Returns only after the message is committed. Idempotent on
 * {@code (room, caller, clientMsgId)}: a repeated send returns the original message, marked duplicate.
 */
public interface SendMessageUseCase {

    SendResult sendMessage(SendMessageCommand command);

    /**
     * The same send, without waiting for its commit: returns once the send has its place in the commit order,
     * and the stage completes after the commit (or with the failure, refusals included; this never throws).
     * Sends queued one after another by one thread commit in that order, so a client's messages to a room keep
     * the order it sent them in while several of them are committing at once.
     *
     * <p>By default the send is made at once, synchronously, which keeps that order trivially.
     */
    default CompletionStage<SendResult> sendMessageQueued(SendMessageCommand command) {
        try {
            return CompletableFuture.completedFuture(sendMessage(command));
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }
}
