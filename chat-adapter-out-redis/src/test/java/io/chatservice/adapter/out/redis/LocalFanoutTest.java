package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.chatservice.application.port.out.DeliverRoomBroadcastPort;
import io.chatservice.application.port.out.RoomBroadcast;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import tools.jackson.databind.json.JsonMapper;

class LocalFanoutTest {

    private static final RoomId ROOM = RoomId.of("r-1");

    private final RoomBroadcastEncoder encoder = new RoomBroadcastEncoder(JsonMapper.shared());

    @Test
    void aRoomEventIsEncodedOnceAndHandedToEveryDelivery() {
        Recording first = new Recording();
        Recording second = new Recording();
        LocalFanout fanout = fanoutWith(first, second);

        fanout.fanOut(TestEvents.sent(ROOM, 3, "hi"));

        RoomBroadcast expected = encoder.encode(TestEvents.sent(ROOM, 3, "hi"));
        assertThat(first.received).containsExactly(expected);
        assertThat(second.received).containsExactly(expected);
        assertThat(first.received.getFirst().json()).isSameAs(second.received.getFirst().json());
    }

    @Test
    void typingIsHandedToEveryDelivery() {
        Recording first = new Recording();
        Recording second = new Recording();

        fanoutWith(first, second).publishTyping(ROOM, UserId.of("bob"), true);

        RoomBroadcast expected = encoder.encodeTyping(ROOM, UserId.of("bob"), true);
        assertThat(first.received).containsExactly(expected);
        assertThat(second.received).containsExactly(expected);
    }

    @Test
    void presenceIsHandedToEveryDeliveryForEveryRoom() {
        Recording first = new Recording();
        Recording second = new Recording();
        RoomId other = RoomId.of("r-2");

        fanoutWith(first, second).publishPresence(List.of(ROOM, other), UserId.of("bob"), false);

        RoomBroadcast inRoom = encoder.encodePresence(ROOM, UserId.of("bob"), false);
        RoomBroadcast inOther = encoder.encodePresence(other, UserId.of("bob"), false);
        assertThat(first.received).containsExactly(inRoom, inOther);
        assertThat(second.received).containsExactly(inRoom, inOther);
    }

    @Test
    void aDeliveryThatThrowsDoesNotKeepPresenceFromTheOtherRooms() {
        Recording recording = new Recording();
        DeliverRoomBroadcastPort failingInFirstRoom = broadcast -> {
            if (broadcast.roomId().equals(ROOM)) {
                throw new IllegalStateException("broken delivery");
            }
        };
        RoomId other = RoomId.of("r-2");

        fanoutWith(failingInFirstRoom, recording).publishPresence(List.of(ROOM, other), UserId.of("bob"), true);

        assertThat(recording.received).extracting(RoomBroadcast::roomId).containsExactly(ROOM, other);
    }

    @Test
    void aDeliveryThatThrowsDoesNotKeepTheBroadcastFromTheOthers() {
        Recording recording = new Recording();
        DeliverRoomBroadcastPort failing = broadcast -> {
            throw new IllegalStateException("broken delivery");
        };
        LocalFanout fanout = fanoutWith(failing, recording);

        assertThatCode(() -> fanout.fanOut(TestEvents.sent(ROOM, 4, "hi"))).doesNotThrowAnyException();

        assertThat(recording.received).extracting(RoomBroadcast::seq).containsExactly(4L);
    }

    @Test
    void anInstanceWithoutDeliveriesAcceptsEverything() {
        LocalFanout fanout = fanoutWith();

        assertThatCode(() -> {
            fanout.listen(ROOM);
            fanout.fanOut(TestEvents.left(ROOM, 5, "bob"));
            fanout.publishTyping(ROOM, UserId.of("bob"), false);
            fanout.stopListening(ROOM);
        }).doesNotThrowAnyException();
    }

    @Test
    void deliveriesAreLookedUpPerBroadcastUntilEverySingletonExistsAndOnceAfter() {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        Recording early = new Recording();
        beans.registerSingleton("early", early);
        LocalBroadcastDelivery delivery = new LocalBroadcastDelivery(beans.getBeanProvider(DeliverRoomBroadcastPort.class));
        LocalFanout fanout = new LocalFanout(encoder, delivery);
        fanout.fanOut(TestEvents.sent(ROOM, 4, "before start-up ends"));
        Recording late = new Recording();
        beans.registerSingleton("late", late);
        fanout.fanOut(TestEvents.sent(ROOM, 5, "found by the lookup per broadcast"));

        delivery.afterSingletonsInstantiated();
        beans.registerSingleton("tooLate", new Recording());
        beans.destroySingleton("early");
        fanout.fanOut(TestEvents.sent(ROOM, 6, "to the deliveries known at the end of start-up"));

        assertThat(early.received).extracting(RoomBroadcast::seq).containsExactly(4L, 5L, 6L);
        assertThat(late.received).extracting(RoomBroadcast::seq).containsExactly(5L, 6L);
        assertThat(((Recording) beans.getBean("tooLate")).received).isEmpty();
    }

    private LocalFanout fanoutWith(DeliverRoomBroadcastPort... deliveries) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        for (int i = 0; i < deliveries.length; i++) {
            beans.registerSingleton("delivery" + i, deliveries[i]);
        }
        return new LocalFanout(
                encoder, new LocalBroadcastDelivery(beans.getBeanProvider(DeliverRoomBroadcastPort.class)));
    }

    private static final class Recording implements DeliverRoomBroadcastPort {

        final List<RoomBroadcast> received = new CopyOnWriteArrayList<>();

        @Override
        public void deliver(RoomBroadcast broadcast) {
            received.add(broadcast);
        }
    }
}
