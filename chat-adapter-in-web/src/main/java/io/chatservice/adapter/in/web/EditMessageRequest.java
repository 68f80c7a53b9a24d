package io.chatservice.adapter.in.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/** {@code PATCH /rooms/{roomId}/messages/{messageId}}: the new content, under the same rules as a send. */
@JsonIgnoreProperties(ignoreUnknown = true)
record EditMessageRequest(
        @NotNull @JsonDeserialize(using = StrictStringDeserializer.class) @Nullable String content) {
}
