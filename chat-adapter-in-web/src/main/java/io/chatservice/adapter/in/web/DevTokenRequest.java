package io.chatservice.adapter.in.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.shared.UserId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/** {@code POST /api/dev/tokens}: who the token is for; {@code name} is optional. */
@JsonIgnoreProperties(ignoreUnknown = true)
record DevTokenRequest(
        @NotNull @Size(min = 1, max = UserId.MAX_LENGTH) @JsonDeserialize(using = StrictStringDeserializer.class)
        @Nullable String userId,
        @Size(max = Message.MAX_SENDER_NAME_LENGTH) @JsonDeserialize(using = StrictStringDeserializer.class)
        @Nullable String name) {
}
