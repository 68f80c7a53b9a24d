package io.chatservice.domain.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.domain.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoomNameTest {

    @Test
    void surroundingWhiteSpaceIsStripped() {
        assertThat(RoomName.of("  general \n").value()).isEqualTo("general");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void emptyOrBlankNameIsRejected(String raw) {
        assertThatThrownBy(() -> RoomName.of(raw)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void nullNameIsRejectedAsInvalidInput() {
        assertThatThrownBy(() -> RoomName.of(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new RoomName(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void hundredCharactersAreAcceptedAndHundredAndOneRejected() {
        assertThat(RoomName.of("n".repeat(100)).value()).hasSize(100);
        assertThatThrownBy(() -> RoomName.of("n".repeat(101))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void lengthIsCountedInCodePoints() {
        String hundredEmoji = "\uD83C\uDF89".repeat(100);

        assertThat(RoomName.of(hundredEmoji).value()).isEqualTo(hundredEmoji);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\tb", "a\nb", "a\u0000b", "a\u001bb"})
    void controlCharactersInsideTheNameAreRejected(String raw) {
        assertThatThrownBy(() -> RoomName.of(raw)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void constructorRefusesUnstrippedValue() {
        assertThatThrownBy(() -> new RoomName(" general")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void showsItsValue() {
        assertThat(RoomName.of("Général 🎉")).hasToString("Général 🎉");
    }
}
