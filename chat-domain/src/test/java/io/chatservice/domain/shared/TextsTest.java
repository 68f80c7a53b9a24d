package io.chatservice.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.room.RoomName;
import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void pairedSurrogatesAreWellFormed() {
        assertThat(Texts.isWellFormedUtf16("emoji 👋 and 𝄞")).isTrue();
        assertThat(Texts.isWellFormedUtf16("")).isTrue();
    }

    @Test
    void unpairedSurrogatesAreMalformed() {
        assertThat(Texts.isWellFormedUtf16("a\ud800b")).isFalse();
        assertThat(Texts.isWellFormedUtf16("a\udc00")).isFalse();
        assertThat(Texts.isWellFormedUtf16("\ud83d")).isFalse();
        assertThat(Texts.isWellFormedUtf16("\udc4b\ud83d")).isFalse();
    }

    @Test
    void textThatWouldBeStoredAlteredIsRejectedEverywhereUsersSupplyIt() {
        assertThatThrownBy(() -> MessageContent.of("a\ud800b")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ClientMsgId.of("\udc00")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> UserId.of("bob\ud800")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> RoomName.of("room \udc00")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void idsThatCouldNotBeAddressedInAUrlPathAreRejected() {
        for (String unaddressable : new String[] {"spiffe://x/y", "a\\b", "a;b", ".", ".."}) {
            assertThatThrownBy(() -> UserId.of(unaddressable)).as(unaddressable)
                    .isInstanceOf(InvalidInputException.class);
        }
        assertThat(UserId.of("auth0|123").value()).isEqualTo("auth0|123");
        assertThat(UserId.of("google-oauth2:alice@example.com").value()).isEqualTo("google-oauth2:alice@example.com");
        assertThat(UserId.of("...").value()).isEqualTo("...");
        assertThat(ClientMsgId.of("device/1;retry").value()).as("never in a path").isEqualTo("device/1;retry");
    }

    @Test
    void blankIdsAreRejected() {
        assertThatThrownBy(() -> RoomId.of(" ")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> UserId.of("\t")).isInstanceOf(InvalidInputException.class);
    }
}
