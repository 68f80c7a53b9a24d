package io.chatservice.adapter.in.web;

/**
 * A request value that cannot be used, named by the request field it came from, so the client gets it in
 * the problem's {@code errors} list. Raised when the domain's value objects reject a value, which keeps the
 * rules in the domain and only the field name here.
 */
final class InvalidFieldException extends RuntimeException {

    private final String field;

    InvalidFieldException(String field, String message) {
        // An expected outcome of bad input, not a bug: no stack trace to fill.
        super(message, null, false, false);
        this.field = field;
    }

    String field() {
        return field;
    }
}
