package io.chatservice.application.port.in;

import io.chatservice.domain.shared.InvalidInputException;

/** How many messages one page may hold: 1 to 200, 50 when the client does not say. */
public record PageLimit(int value) {

    public static final int MAX = 200;
    public static final PageLimit DEFAULT = new PageLimit(50);

    public PageLimit {
        if (value < 1 || value > MAX) {
            throw new InvalidInputException("limit must be between 1 and " + MAX);
        }
    }
}
