package io.chatservice.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Reading a room's timeline: history pages backwards from the newest, reconnect sync forwards by event seq,
 * and the seq itself, which must count every room event exactly once.
 */
class SyncAndHistoryApiIT extends RestApiTest {

    @Test
    void historyPagesBackwardsOldestFirstWithHasMore() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        List<String> ids = new ArrayList<>();
        ids.add(null); // seq 1 is alice's JOIN, so ids.get(seq - 1) is the message with that seq
        for (int i = 2; i <= 8; i++) {
            ids.add(alice.sendId(roomId, "message " + i));
        }

        JsonNode everything = alice.history(roomId, "");
        assertThat(seqs(everything)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(everything.path("hasMore").booleanValue()).isFalse();
        assertThat(everything.has("lastSeq")).as("a history page is not a sync page").isFalse();
        assertThat(everything.path("messages").get(0).path("type").stringValue()).isEqualTo("JOIN");

        JsonNode newest = alice.history(roomId, "limit=3");
        assertThat(seqs(newest)).containsExactly(6L, 7L, 8L);
        assertThat(newest.path("hasMore").booleanValue()).isTrue();

        JsonNode older = alice.history(roomId, "before=" + ids.get(5) + "&limit=3");
        assertThat(seqs(older)).containsExactly(3L, 4L, 5L);
        assertThat(older.path("hasMore").booleanValue()).isTrue();

        JsonNode oldest = alice.history(roomId, "before=" + ids.get(2) + "&limit=3");
        assertThat(seqs(oldest)).containsExactly(1L, 2L);
        assertThat(oldest.path("hasMore").booleanValue()).isFalse();

        JsonNode exactlyTheRest = alice.history(roomId, "before=" + ids.get(3) + "&limit=3");
        assertThat(seqs(exactlyTheRest)).containsExactly(1L, 2L, 3L);
        assertThat(exactlyTheRest.path("hasMore").booleanValue()).isFalse();

        assertThat(alice.history(roomId, "limit=1").path("messages").get(0).path("content").stringValue())
                .isEqualTo("message 8");
    }

    @Test
    void historyShowsEditsAndTombstonesInTheirOriginalPlace() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        String first = alice.sendId(roomId, "first");
        String second = alice.sendId(roomId, "second");
        alice.sendId(roomId, "third");
        alice.edit(roomId, first, "first, edited");
        alice.deleteMessage(roomId, second);

        JsonNode page = alice.history(roomId, "");

        assertThat(seqs(page)).containsExactly(1L, 2L, 3L, 4L);
        JsonNode messages = page.path("messages");
        assertThat(messages.get(1).path("content").stringValue()).isEqualTo("first, edited");
        assertThat(messages.get(1).path("lastEventSeq").longValue()).isEqualTo(5);
        assertThat(messages.get(2).path("deleted").booleanValue()).isTrue();
        assertThat(messages.get(2).path("content").isNull()).isTrue();
        assertThat(messages.get(2).path("lastEventSeq").longValue()).isEqualTo(6);
        assertThat(messages.get(3).path("content").stringValue()).isEqualTo("third");
    }

    @Test
    void syncAfterLastMessageIdReturnsEveryLaterChangeInEventOrderIncludingEditsAndTombstones() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        ApiUser carol = api.newUser("carol");
        String roomId = alice.createRoomWith(bob);                // seq 1, 2: JOINs
        String m1 = alice.sendId(roomId, "m1");                   // 3
        String lastSeenByBob = bob.sendId(roomId, "m2");          // 4
        String m3 = alice.sendId(roomId, "m3");                   // 5
        String m4 = bob.sendId(roomId, "m4");                     // 6
        // Bob's client went away after seeing m2; then:
        alice.edit(roomId, m1, "m1 edited");                      // 7: an older message changes
        alice.deleteMessage(roomId, m3);                          // 8: a newer one is deleted
        String m5 = alice.sendId(roomId, "m5");                   // 9
        carol.join(roomId);                                       // 10

        JsonNode sync = bob.sync(roomId, "after=" + lastSeenByBob);

        assertThat(ids(sync)).hasSize(5).startsWith(m4, m1, m3, m5);
        assertThat(lastEventSeqs(sync)).containsExactly(6L, 7L, 8L, 9L, 10L);
        JsonNode messages = sync.path("messages");
        assertThat(messages.get(1).path("content").stringValue()).isEqualTo("m1 edited");
        assertThat(messages.get(1).path("seq").longValue()).isEqualTo(3);
        assertThat(messages.get(2).path("deleted").booleanValue()).isTrue();
        assertThat(messages.get(2).path("content").isNull()).isTrue();
        assertThat(messages.get(4).path("type").stringValue()).isEqualTo("JOIN");
        assertThat(messages.get(4).path("senderId").stringValue()).isEqualTo(carol.id());
        assertThat(sync.path("lastSeq").longValue()).isEqualTo(10);
        assertThat(sync.path("hasMore").booleanValue()).isFalse();
    }

    @Test
    void syncBySinceSeqPagesThroughChangesWithLastSeqAndHasMore() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);                // 1, 2
        String m1 = alice.sendId(roomId, "m1");                   // 3
        alice.sendId(roomId, "m2");                               // 4
        String m3 = alice.sendId(roomId, "m3");                   // 5
        alice.sendId(roomId, "m4");                               // 6
        alice.edit(roomId, m1, "m1 edited");                      // 7
        alice.deleteMessage(roomId, m3);                          // 8
        alice.sendId(roomId, "m5");                               // 9
        bob.removeMember(roomId, bob);                            // 10: LEAVE

        JsonNode first = alice.sync(roomId, "sinceSeq=4&limit=2");
        assertThat(lastEventSeqs(first)).containsExactly(6L, 7L);
        assertThat(first.path("lastSeq").longValue()).isEqualTo(7);
        assertThat(first.path("hasMore").booleanValue()).isTrue();

        JsonNode second = alice.sync(roomId, "sinceSeq=" + first.path("lastSeq").longValue() + "&limit=2");
        assertThat(lastEventSeqs(second)).containsExactly(8L, 9L);
        assertThat(second.path("messages").get(0).path("deleted").booleanValue()).isTrue();
        assertThat(second.path("lastSeq").longValue()).isEqualTo(9);
        assertThat(second.path("hasMore").booleanValue()).isTrue();

        JsonNode third = alice.sync(roomId, "sinceSeq=" + second.path("lastSeq").longValue() + "&limit=2");
        assertThat(lastEventSeqs(third)).containsExactly(10L);
        assertThat(third.path("messages").get(0).path("type").stringValue()).isEqualTo("LEAVE");
        assertThat(third.path("lastSeq").longValue()).isEqualTo(10);
        assertThat(third.path("hasMore").booleanValue()).isFalse();

        JsonNode caughtUp = alice.sync(roomId, "sinceSeq=10");
        assertThat(caughtUp.path("messages")).isEmpty();
        assertThat(caughtUp.path("lastSeq").longValue()).isEqualTo(10);
        assertThat(caughtUp.path("hasMore").booleanValue()).isFalse();

        JsonNode fromTheStart = alice.sync(roomId, "sinceSeq=0");
        assertThat(lastEventSeqs(fromTheStart)).containsExactly(1L, 2L, 4L, 6L, 7L, 8L, 9L, 10L);
        assertThat(fromTheStart.path("hasMore").booleanValue()).isFalse();
    }

    @Test
    void syncAfterTheNewestMessageIsEmptyWithTheCurrentLastSeq() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        String newest = alice.sendId(roomId, "latest");

        JsonNode sync = alice.sync(roomId, "after=" + newest);

        assertThat(sync.path("messages")).isEmpty();
        assertThat(sync.path("lastSeq").longValue()).isEqualTo(2);
        assertThat(sync.path("hasMore").booleanValue()).isFalse();
    }

    @Test
    void seqsAreGapFreeAcrossMixedOperationsAndRefusedRequestsTakeNone() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        ApiUser carol = api.newUser("carol");
        ApiUser dave = api.newUser("dave");
        List<Long> observed = new ArrayList<>();

        JsonNode room = alice.createRoom("mixed", "PUBLIC", bob);
        String roomId = room.path("roomId").stringValue();
        observed.add(room.path("lastSeq").longValue());
        JsonNode m1 = alice.send(roomId, "m1");
        observed.add(m1.path("seq").longValue());
        String m1Id = m1.path("messageId").stringValue();
        JsonNode m2 = bob.send(roomId, "m2");
        observed.add(m2.path("seq").longValue());
        observed.add(alice.edit(roomId, m1Id, "m1 edited").path("lastEventSeq").longValue());
        ApiAssertions.assertProblem(
                bob.patch("/rooms/" + roomId + "/messages/" + m1Id, Map.of("content", "hijack")), 403, "FORBIDDEN");
        ApiAssertions.assertValidationFailed(alice.trySend(roomId, "empty", "   "), "content");
        alice.trySend(roomId, m1.path("clientMsgId").stringValue(), "m1").expect(200);
        observed.add(carol.join(roomId).path("lastSeq").longValue());
        observed.add(alice.deleteMessage(roomId, m2.path("messageId").stringValue()).path("lastEventSeq").longValue());
        alice.deleteMessage(roomId, m2.path("messageId").stringValue());
        observed.add(bob.addMember(roomId, dave).path("lastSeq").longValue());
        carol.removeMember(roomId, carol);
        observed.add(alice.lastSeq(roomId));
        alice.markRead(roomId, m1Id);
        observed.add(dave.send(roomId, "m3").path("seq").longValue());

        assertThat(observed).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(alice.lastSeq(roomId)).isEqualTo(10);
        // Each event is still visible in the timeline: as a message's seq (created it) or lastEventSeq (changed it).
        TreeSet<Long> inTimeline = new TreeSet<>();
        alice.timeline(roomId).path("messages").forEach(message -> {
            inTimeline.add(message.path("seq").longValue());
            inTimeline.add(message.path("lastEventSeq").longValue());
        });
        assertThat(inTimeline).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
    }

    private static List<Long> seqs(JsonNode page) {
        return page.path("messages").valueStream().map(message -> message.path("seq").longValue()).toList();
    }

    private static List<Long> lastEventSeqs(JsonNode page) {
        return page.path("messages").valueStream().map(message -> message.path("lastEventSeq").longValue()).toList();
    }

    private static List<String> ids(JsonNode page) {
        return page.path("messages").valueStream().map(message -> message.path("messageId").stringValue()).toList();
    }
}
