package io.chatservice.adapter.in.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.chatservice.domain.message.MessageId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/** {@code POST /rooms/{roomId}/read}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record MarkReadRequest(
        @NotNull @Size(min = 1, max = MessageId.MAX_LENGTH) @JsonDeserialize(using = StrictStringDeserializer.class)
        @Nullable String lastReadMessageId) {
}
