package io.chatservice.adapter.in.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.chatservice.domain.shared.UserId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/** {@code POST /rooms/{roomId}/members}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record AddMemberRequest(
        @NotNull @Size(min = 1, max = UserId.MAX_LENGTH) @JsonDeserialize(using = StrictStringDeserializer.class)
        @Nullable String userId) {
}
