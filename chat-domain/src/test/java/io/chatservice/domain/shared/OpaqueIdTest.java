package io.chatservice.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.MessageId;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpaqueIdTest {

    /** Every opaque id shares one rule set: 1 to 64 characters, no control characters. */
    static Stream<Arguments> idTypes() {
        return Stream.of(
                Arguments.of("UserId", (Function<String, Object>) UserId::of),
                Arguments.of("RoomId", (Function<String, Object>) RoomId::of),
                Arguments.of("MessageId", (Function<String, Object>) MessageId::of),
                Arguments.of("ClientMsgId", (Function<String, Object>) ClientMsgId::of));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("idTypes")
    void acceptsOneToSixtyFourCharactersAndShowsItsValue(String type, Function<String, Object> create) {
        assertThat(create.apply("a")).hasToString("a");
        assertThat(create.apply("x".repeat(64))).hasToString("x".repeat(64));
        assertThat(create.apply("ünï-cødé:42")).hasToString("ünï-cødé:42");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("idTypes")
    void rejectsEmptyValue(String type, Function<String, Object> create) {
        assertThatThrownBy(() -> create.apply("")).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("idTypes")
    void rejectsNullValueAsInvalidInput(String type, Function<String, Object> create) {
        assertThatThrownBy(() -> create.apply(null)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("idTypes")
    void rejectsMoreThanSixtyFourCharacters(String type, Function<String, Object> create) {
        assertThatThrownBy(() -> create.apply("x".repeat(65)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("64");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("idTypes")
    void rejectsControlCharacters(String type, Function<String, Object> create) {
        assertThatThrownBy(() -> create.apply("a\nb")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> create.apply("a\u0000b")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> create.apply("\u007f")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void idsWithEqualValuesAreEqual() {
        assertThat(UserId.of("alice")).isEqualTo(new UserId("alice")).isNotEqualTo(UserId.of("bob"));
        assertThat(RoomId.of("r-1")).isEqualTo(RoomId.of("r-1"));
    }

    @Test
    void generatedIdsAreVersionSevenUuids() {
        for (String id : new String[] {RoomId.newId().value(), MessageId.newId().value()}) {
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid).hasToString(id);
        }
    }

    @Test
    void generatedIdsAreUnique() {
        var ids = Stream.generate(Identifiers::timeOrderedUuid).limit(10_000).toList();

        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void idCreatedInALaterMillisecondSortsLater() throws InterruptedException {
        String earlier = MessageId.newId().value();
        Thread.sleep(3);
        String later = MessageId.newId().value();

        assertThat(later).isGreaterThan(earlier);
    }
}
