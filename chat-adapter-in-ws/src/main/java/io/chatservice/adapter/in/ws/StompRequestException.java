package io.chatservice.adapter.in.ws;

/**
 * A frame the adapter refuses before any use case sees it: an unknown or forbidden destination, a body that is
 * not the documented JSON. Its message is written for the client and never quotes the input.
 */
final class StompRequestException extends RuntimeException {

    private final ErrorCode code;

    StompRequestException(ErrorCode code, String message) {
        // An expected answer to bad input, not a bug: no stack trace to fill.
        super(message, null, false, false);
        this.code = code;
    }

    static StompRequestException invalid(String message) {
        return new StompRequestException(ErrorCode.VALIDATION_FAILED, message);
    }

    ErrorCode code() {
        return code;
    }
}
