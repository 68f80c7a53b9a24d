package io.chatservice.adapter.in.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.chatservice.domain.message.ClientMsgId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * {@code POST /rooms/{roomId}/messages}. {@code type} may be left out and otherwise must be {@code TEXT}. The
 * content's rules (1 to 4000 characters after trimming, counted as code points, no NUL) are the domain's
 * {@code MessageContent}, not repeated here as a {@code @Size}, which would count UTF-16 units before
 * trimming. A {@code senderId} in the body is ignored like any unknown field: the sender is the caller.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SendMessageRequest(
        @NotNull @Size(min = 1, max = ClientMsgId.MAX_LENGTH)
        @JsonDeserialize(using = StrictStringDeserializer.class) @Nullable String clientMsgId,
        @NotNull @JsonDeserialize(using = StrictStringDeserializer.class) @Nullable String content,
        @JsonDeserialize(using = StrictStringDeserializer.class) @Nullable String type) {
}
