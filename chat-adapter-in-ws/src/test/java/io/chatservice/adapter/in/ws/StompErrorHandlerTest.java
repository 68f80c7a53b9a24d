package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.BufferingStompDecoder;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;

class StompErrorHandlerTest {

    private final StompErrorHandler handler = new StompErrorHandler();
    private final Logger handlerLog = (Logger) LoggerFactory.getLogger(StompErrorHandler.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    StompErrorHandlerTest() {
        logged.start();
        handlerLog.addAppender(logged);
    }

    @AfterEach
    void stopCapturing() {
        handlerLog.detachAppender(logged);
    }

    private static Message<byte[]> connectWithToken() {
        StompHeaderAccessor frame = StompHeaderAccessor.create(StompCommand.CONNECT);
        frame.setNativeHeader("Authorization", "Bearer secret-token");
        return MessageBuilder.createMessage("secret body".getBytes(StandardCharsets.UTF_8), frame.getMessageHeaders());
    }

    /** Everything a log line shows of an event: its message and each exception's class, text and string form. */
    private static String shown(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
            text.append(' ').append(proxy.getClassName()).append(' ').append(proxy.getMessage());
        }
        return text.toString();
    }

    private static Message<byte[]> clientFrame(StompCommand command, String receipt) {
        StompHeaderAccessor frame = StompHeaderAccessor.create(command);
        frame.setReceipt(receipt);
        return MessageBuilder.createMessage(new byte[0], frame.getMessageHeaders());
    }

    private static Throwable decoding(BufferingStompDecoder decoder, String frame) {
        try {
            decoder.decode(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException failure) {
            return failure;
        }
        throw new AssertionError("the frame was accepted");
    }

    @Test
    void aRefusedConnectGetsAnErrorFrameWithItsCodeAJsonBodyAndTheReceipt() {
        Message<byte[]> connect = clientFrame(StompCommand.CONNECT, "r-1");
        Message<byte[]> error = handler.handleClientMessageProcessingError(connect,
                new MessageDeliveryException(connect, StompConnectionRefusedException.unauthorized("bad token")));

        StompHeaderAccessor frame = MessageHeaderAccessor.getAccessor(error, StompHeaderAccessor.class);
        assertThat(frame.getCommand()).isEqualTo(StompCommand.ERROR);
        assertThat(frame.getMessage()).isEqualTo("UNAUTHORIZED");
        assertThat(frame.getReceiptId()).isEqualTo("r-1");
        assertThat(frame.getFirstNativeHeader("content-type")).isEqualTo("application/json");
        assertThat(new String(error.getPayload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":\"UNAUTHORIZED\",\"message\":\"bad token\"}");
    }

    @Test
    void aFrameOverSpringsBufferLimitIsPayloadTooLarge() {
        String body = "x".repeat(200);
        Throwable tooLong = decoding(new BufferingStompDecoder(new StompDecoder(), 100),
                "SEND\ndestination:/app/rooms/r/messages\n\n" + body);
        var declaring = new BufferingStompDecoder(new StompDecoder(), 100);
        declaring.decode(ByteBuffer.wrap("SEND\ncontent-length:500\n\n".getBytes(StandardCharsets.UTF_8)));
        Throwable declaredTooLong = decoding(declaring, "x");

        assertThat(StompErrorHandler.classify(tooLong).code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(StompErrorHandler.classify(declaredTooLong).code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    }

    @Test
    void aMalformedFrameIsAValidationFailure() {
        assertThat(StompErrorHandler.classify(new StompConversionException("Illegal header: 'x'")))
                .isEqualTo(new StompError(ErrorCode.VALIDATION_FAILED, "the frame is not valid STOMP"));
    }

    @Test
    void aFrameWithACommandStompDoesNotHaveIsAValidationFailureNotABug() {
        Throwable unknownCommand = decoding(new BufferingStompDecoder(new StompDecoder(), 100), "HELLO\n\n\u0000");

        assertThat(unknownCommand).isInstanceOf(IllegalArgumentException.class);
        assertThat(StompErrorHandler.classify(unknownCommand))
                .isEqualTo(new StompError(ErrorCode.VALIDATION_FAILED, "the frame is not valid STOMP"));
        // The same exception type from anywhere else is still unexpected.
        assertThat(StompErrorHandler.classify(new IllegalArgumentException("No enum constant")).code())
                .isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void aFrameBeforeConnectIsUnauthorized() {
        assertThat(StompErrorHandler.classify(new IllegalStateException("Unknown session: abc")).code())
                .isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(StompErrorHandler.classify(StompConnectionRefusedException.NOT_CONNECTED).code())
                .isEqualTo(ErrorCode.UNAUTHORIZED);
    }

    @Test
    void aFloodIsRateLimited() {
        assertThat(StompErrorHandler.classify(
                new StompConnectionRefusedException(ErrorCode.RATE_LIMITED, "too many frames")).code())
                .isEqualTo(ErrorCode.RATE_LIMITED);
    }

    @Test
    void anythingElseIsAnInternalErrorThatLeaksNothing() {
        Message<byte[]> error = handler.handleClientMessageProcessingError(null,
                new IllegalArgumentException("org.example.Secret failed at jdbc:postgresql://db"));

        assertThat(MessageHeaderAccessor.getAccessor(error, StompHeaderAccessor.class).getMessage())
                .isEqualTo("INTERNAL_ERROR");
        assertThat(new String(error.getPayload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":\"INTERNAL_ERROR\",\"message\":\"an unexpected error occurred\"}");
    }

    @Test
    void theDecoderStillRejectsWhatTheClassificationReliesOn() {
        assertThatThrownBy(() -> new BufferingStompDecoder(new StompDecoder(), 10)
                .decode(ByteBuffer.wrap("SEND\n\nxxxxxxxxxxxxxxxxxxxxxxxx".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(StompConversionException.class).hasMessageContaining("limit");
    }

    @Test
    void anUnexpectedFailureIsLoggedByItsCauseWithoutTheFrameItFailedOn() {
        Message<byte[]> connect = connectWithToken();

        handler.handleClientMessageProcessingError(connect, new MessageDeliveryException(connect,
                "Failed to send message to ExecutorSubscribableChannel", new NullPointerException("a bug")));

        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getThrowableProxy().getClassName()).isEqualTo(NullPointerException.class.getName());
            assertThat(shown(event)).doesNotContain("secret").doesNotContain("failedMessage");
        });
    }

    @Test
    void aMessagingExceptionWithoutCauseIsNamedOnly() {
        Message<byte[]> connect = connectWithToken();

        handler.handleClientMessageProcessingError(connect, new MessageDeliveryException(connect));

        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getThrowableProxy()).isNull();
            assertThat(event.getFormattedMessage()).endsWith(MessageDeliveryException.class.getName());
        });
    }

    @Test
    void aSecondConnectThatSpringRefusesItselfIsAProtocolErrorNotABug() {
        assertThat(StompErrorHandler.classify(new IllegalStateException("Session already exists")))
                .isEqualTo(StompConnectionRefusedException.ALREADY_CONNECTED.error());
    }
}
