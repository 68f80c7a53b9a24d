package io.chatservice.adapter.in.web;

/**
 * One entry of a VALIDATION_FAILED problem's {@code errors}: the request field (JSON property, query
 * parameter or path variable, as the client named it) and what is wrong with it.
 */
record FieldProblem(String field, String message) {
}
