package io.chatservice.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.domain.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageContentTest {

    private static final String GRINNING_FACE = "\uD83D\uDE00";

    @Test
    void surroundingWhiteSpaceIsStripped() {
        assertThat(MessageContent.of("  hello world \n\t").value()).isEqualTo("hello world");
    }

    @Test
    void unicodeWhiteSpaceIsStrippedToo() {
        assertThat(MessageContent.of("\u2003hi\u3000").value()).isEqualTo("hi");
    }

    @Test
    void innerWhiteSpaceAndLineBreaksAreKept() {
        assertThat(MessageContent.of("line one\n\n  line two").value()).isEqualTo("line one\n\n  line two");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t  ", "\u2003"})
    void emptyOrBlankContentIsRejected(String raw) {
        assertThatThrownBy(() -> MessageContent.of(raw)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void nullContentIsRejectedAsInvalidInput() {
        assertThatThrownBy(() -> MessageContent.of(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new MessageContent(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void oneCharacterIsEnough() {
        assertThat(MessageContent.of("k").value()).isEqualTo("k");
    }

    @Test
    void fourThousandCharactersAreAccepted() {
        assertThat(MessageContent.of("a".repeat(4000)).value()).hasSize(4000);
    }

    @Test
    void fourThousandAndOneCharactersAreRejected() {
        assertThatThrownBy(() -> MessageContent.of("a".repeat(4001)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("4000");
    }

    @Test
    void limitAppliesAfterStripping() {
        assertThat(MessageContent.of("   " + "a".repeat(4000) + "   ").value()).hasSize(4000);
    }

    @Test
    void emojiOutsideTheBasicPlaneCountsOnce() {
        String fourThousandEmoji = GRINNING_FACE.repeat(4000);

        assertThat(fourThousandEmoji).hasSize(8000);
        assertThat(MessageContent.of(fourThousandEmoji).value()).isEqualTo(fourThousandEmoji);
        assertThatThrownBy(() -> MessageContent.of(fourThousandEmoji + GRINNING_FACE))
                .isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "\u0000", "hello\u0000"})
    void nulCharacterIsRejected(String raw) {
        assertThatThrownBy(() -> MessageContent.of(raw))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    void constructorRefusesUnstrippedValueSoStoredContentIsAlwaysNormalized() {
        assertThatThrownBy(() -> new MessageContent(" hi")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new MessageContent("hi\n")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void contentsWithEqualTextAreEqualAndShowTheirText() {
        assertThat(MessageContent.of(" hi ")).isEqualTo(new MessageContent("hi")).hasToString("hi");
    }
}
