package io.chatservice.adapter.in.ws;

import io.chatservice.application.port.in.RoomWatch;
import io.chatservice.application.port.in.RoomWatchersQuery;
import io.chatservice.application.port.in.UnwatchRoomCommand;
import io.chatservice.application.port.in.WatchRoomCommand;
import io.chatservice.application.port.in.WatchRoomUseCase;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Membership and last seqs held in memory; counts outstanding watches per room the way the real feed counts
 * listens, and fails a test that unwatches more often than it watched. Records each departed-watchers query, and
 * can be made to fail them (the database is down).
 */
final class FakeRoomWatches implements WatchRoomUseCase {

    private final Map<RoomId, Long> lastSeqs = new HashMap<>();
    private final Set<String> members = new HashSet<>();
    private final Map<RoomId, Integer> outstanding = new HashMap<>();
    private final List<RoomWatchersQuery> watcherChecks = new ArrayList<>();
    private Runnable duringWatch = () -> { };
    private int unbalanced;
    private boolean checksFail;

    synchronized FakeRoomWatches room(RoomId roomId, long lastSeq, UserId... roomMembers) {
        lastSeqs.put(roomId, lastSeq);
        for (UserId member : roomMembers) {
            members.add(roomId + "/" + member);
        }
        return this;
    }

    /** The member leaves; nobody is told (as when the MEMBER_LEFT broadcast is lost). */
    synchronized void leave(RoomId roomId, UserId member) {
        members.remove(roomId + "/" + member);
    }

    synchronized void failChecks() {
        checksFail = true;
    }

    synchronized List<RoomWatchersQuery> watcherChecks() {
        return List.copyOf(watcherChecks);
    }

    synchronized void setLastSeq(RoomId roomId, long lastSeq) {
        lastSeqs.put(roomId, lastSeq);
    }

    /** Runs inside the next watch calls, between the membership check and the return: to stage races. */
    synchronized void duringWatch(Runnable action) {
        duringWatch = action;
    }

    @Override
    public RoomWatch watchRoom(WatchRoomCommand command) {
        RoomId roomId = command.roomId();
        long lastSeq;
        Runnable hook;
        synchronized (this) {
            Long seq = lastSeqs.get(roomId);
            if (seq == null) {
                throw new NotFoundException("room not found");
            }
            if (!members.contains(roomId + "/" + command.caller().id())) {
                throw new PermissionDeniedException("not a member of this room");
            }
            outstanding.merge(roomId, 1, Integer::sum);
            lastSeq = seq;
            hook = duringWatch;
        }
        hook.run();
        return new RoomWatch(roomId, lastSeq);
    }

    @Override
    public synchronized void unwatchRoom(UnwatchRoomCommand command) {
        RoomId roomId = command.roomId();
        int now = outstanding.getOrDefault(roomId, 0) - 1;
        if (now < 0) {
            unbalanced++;
            return;
        }
        outstanding.put(roomId, now);
    }

    @Override
    public synchronized Set<UserId> departedWatchers(RoomWatchersQuery query) {
        watcherChecks.add(query);
        if (checksFail) {
            throw new IllegalStateException("the database is down");
        }
        return query.watchers().stream()
                .filter(watcher -> !members.contains(query.roomId() + "/" + watcher))
                .collect(Collectors.toUnmodifiableSet());
    }

    synchronized int outstanding(RoomId roomId) {
        return outstanding.getOrDefault(roomId, 0);
    }

    synchronized int unbalancedUnwatches() {
        return unbalanced;
    }
}
