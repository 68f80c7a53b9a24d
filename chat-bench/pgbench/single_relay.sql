-- single.sql's send transaction, then what the after-commit relay (RoomEventRelay) adds per message: Spring
-- Modulith (JdbcEventPublicationRepositoryV2) marks the publication COMPLETED, in a transaction of its own, once
-- the fan-out returned (the PROCESSING mark before it is skipped: SkipProcessingMark, since 2026-12-04). So this
-- is all the database work of one message through the server.
-- (Completed rows are deleted in bulk by a periodic job, chat.events.completed-retention; not modelled.)
\set r random(1, :rooms)
\set n random(1, 9000000000000000000)
BEGIN;
select r.last_seq, (select s.last_seq from room s where s.id = r.id) as snapshot_last_seq,
       m.user_id, m.role, m.joined_at, m.joined_seq, m.last_read_seq
  from room r
  left join room_member m on m.room_id = r.id and m.user_id = 'bench-user-' || :r::int
 where r.id = 'bench-room-' || :r::int
   for no key update of r \gset
select m.id, m.client_msg_id, m.content, m.created_at, m.deleted_at, m.edited_at, m.last_event_seq, m.room_id,
       m.sender_id, m.sender_name, m.seq, m.type
  from message m
 where m.room_id = 'bench-room-' || :r::int and m.sender_id = 'bench-user-' || :r::int
   and m.client_msg_id = 'c-' || :client_id::int || '-' || :n::bigint;
-- Message ids are UUIDv7 (time-ordered) on the server; a millisecond-clock prefix keeps the primary key's
-- inserts at its right edge the same way.
insert into message (content, created_at, deleted_at, edited_at, last_event_seq, room_id, sender_id, sender_name,
                     client_msg_id, seq, type, id)
values ('bench c-' || :client_id::int || '-' || :n::bigint || ' ' || repeat('x', :content_size::int), now(), null, null,
        :last_seq::bigint + 1, 'bench-room-' || :r::int, 'bench-user-' || :r::int, 'bench-user-' || :r::int,
        'c-' || :client_id::int || '-' || :n::bigint, :last_seq::bigint + 1, 'TEXT',
        lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '-' || md5(random()::text));
update room set last_seq = :last_seq::bigint + 1 where id = 'bench-room-' || :r::int and last_seq < :last_seq::bigint + 1;
insert into event_publication (id, event_type, listener_id, publication_date, serialized_event, status,
                               completion_attempts, last_resubmission_date)
values (gen_random_uuid(), 'io.chatservice.domain.message.MessageSent',
        'io.chatservice.adapter.out.redis.RoomEventRelay.relay(io.chatservice.domain.message.RoomEvent)', now(),
        '{"message":{"id":{"value":"' || md5(random()::text) || '"},"roomId":{"value":"bench-room-' || :r::int
            || '"},"seq":' || (:last_seq::bigint + 1) || ',"senderId":{"value":"bench-user-' || :r::int
            || '"},"senderName":"bench-user-' || :r::int || '","clientMsgId":{"value":"c-' || :client_id::int || '-' || :n::bigint
            || '"},"type":"TEXT","content":{"value":"bench c-' || :client_id::int || '-' || :n::bigint || ' '
            || repeat('x', :content_size::int) || '"},"createdAt":"' || now() || '","editedAt": null,"deletedAt": null,'
            || '"lastEventSeq":' || (:last_seq::bigint + 1) || '}}',
        'PUBLISHED', 1, now())
returning id as event_id \gset
COMMIT;
update event_publication set status = 'COMPLETED', completion_date = now() where id = :event_id::uuid;
