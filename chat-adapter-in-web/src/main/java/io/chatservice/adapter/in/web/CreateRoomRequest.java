package io.chatservice.adapter.in.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * {@code POST /rooms}. The name's rules (1 to 100 characters after trimming, no control characters) are the
 * domain's {@code RoomName}; a violation is reported against {@code name} all the same.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CreateRoomRequest(
        @NotNull @JsonDeserialize(using = StrictStringDeserializer.class) @Nullable String name,
        @NotNull @JsonDeserialize(using = StrictStringDeserializer.class) @Nullable String visibility,
        @JsonDeserialize(contentUsing = StrictStringDeserializer.class) @Nullable List<@NotNull String> memberIds) {
}
