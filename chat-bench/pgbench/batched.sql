-- Ten sends to one room in one transaction: what a server that batches the sends waiting for a room's lock
-- could do at best. One lock (as lockForAppend), one duplicate check for the ten clientMsgIds, one multi-row
-- insert of the messages, one advance of last_seq by ten, one multi-row insert of their ten event publications.
-- Rows are the same as single.sql's; see there for where each statement comes from.
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
   and m.client_msg_id in ('c-' || :client_id::int || '-' || :n::bigint || '-1', 'c-' || :client_id::int || '-' || :n::bigint || '-2', 'c-' || :client_id::int || '-' || :n::bigint || '-3', 'c-' || :client_id::int || '-' || :n::bigint || '-4', 'c-' || :client_id::int || '-' || :n::bigint || '-5', 'c-' || :client_id::int || '-' || :n::bigint || '-6', 'c-' || :client_id::int || '-' || :n::bigint || '-7', 'c-' || :client_id::int || '-' || :n::bigint || '-8', 'c-' || :client_id::int || '-' || :n::bigint || '-9', 'c-' || :client_id::int || '-' || :n::bigint || '-10');
insert into message (content, created_at, deleted_at, edited_at, last_event_seq, room_id, sender_id, sender_name,
                     client_msg_id, seq, type, id)
values
       ('bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-1' || ' ' || repeat('x', :content_size::int), now(), null, null, :last_seq::bigint + 1,
        'bench-room-' || :r::int, 'bench-user-' || :r::int, 'bench-user-' || :r::int, 'c-' || :client_id::int || '-' || :n::bigint || '-1', :last_seq::bigint + 1, 'TEXT',
        lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '-' || md5(random()::text)),
       ('bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-2' || ' ' || repeat('x', :content_size::int), now(), null, null, :last_seq::bigint + 2,
        'bench-room-' || :r::int, 'bench-user-' || :r::int, 'bench-user-' || :r::int, 'c-' || :client_id::int || '-' || :n::bigint || '-2', :last_seq::bigint + 2, 'TEXT',
        lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '-' || md5(random()::text)),
       ('bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-3' || ' ' || repeat('x', :content_size::int), now(), null, null, :last_seq::bigint + 3,
        'bench-room-' || :r::int, 'bench-user-' || :r::int, 'bench-user-' || :r::int, 'c-' || :client_id::int || '-' || :n::bigint || '-3', :last_seq::bigint + 3, 'TEXT',
        lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '-' || md5(random()::text)),
       ('bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-4' || ' ' || repeat('x', :content_size::int), now(), null, null, :last_seq::bigint + 4,
        'bench-room-' || :r::int, 'bench-user-' || :r::int, 'bench-user-' || :r::int, 'c-' || :client_id::int || '-' || :n::bigint || '-4', :last_seq::bigint + 4, 'TEXT',
        lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '-' || md5(random()::text)),
       ('bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-5' || ' ' || repeat('x', :content_size::int), now(), null, null, :last_seq::bigint + 5,
        'bench-room-' || :r::int, 'bench-user-' || :r::int, 'bench-user-' || :r::int, 'c-' || :client_id::int || '-' || :n::bigint || '-5', :last_seq::bigint + 5, 'TEXT',
        lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '-' || md5(random()::text)),
       ('bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-6' || ' ' || repeat('x', :content_size::int), now(), null, null, :last_seq::bigint + 6,
        'bench-room-' || :r::int, 'bench-user-' || :r::int, 'bench-user-' || :r::int, 'c-' || :client_id::int || '-' || :n::bigint || '-6', :last_seq::bigint + 6, 'TEXT',
        lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '-' || md5(random()::text)),
       ('bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-7' || ' ' || repeat('x', :content_size::int), now(), null, null, :last_seq::bigint + 7,
        'bench-room-' || :r::int, 'bench-user-' || :r::int, 'bench-user-' || :r::int, 'c-' || :client_id::int || '-' || :n::bigint || '-7', :last_seq::bigint + 7, 'TEXT',
        lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '-' || md5(random()::text)),
       ('bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-8' || ' ' || repeat('x', :content_size::int), now(), null, null, :last_seq::bigint + 8,
        'bench-room-' || :r::int, 'bench-user-' || :r::int, 'bench-user-' || :r::int, 'c-' || :client_id::int || '-' || :n::bigint || '-8', :last_seq::bigint + 8, 'TEXT',
        lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '-' || md5(random()::text)),
       ('bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-9' || ' ' || repeat('x', :content_size::int), now(), null, null, :last_seq::bigint + 9,
        'bench-room-' || :r::int, 'bench-user-' || :r::int, 'bench-user-' || :r::int, 'c-' || :client_id::int || '-' || :n::bigint || '-9', :last_seq::bigint + 9, 'TEXT',
        lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '-' || md5(random()::text)),
       ('bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-10' || ' ' || repeat('x', :content_size::int), now(), null, null, :last_seq::bigint + 10,
        'bench-room-' || :r::int, 'bench-user-' || :r::int, 'bench-user-' || :r::int, 'c-' || :client_id::int || '-' || :n::bigint || '-10', :last_seq::bigint + 10, 'TEXT',
        lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '-' || md5(random()::text));
update room set last_seq = :last_seq::bigint + 10 where id = 'bench-room-' || :r::int and last_seq < :last_seq::bigint + 10;
insert into event_publication (id, event_type, listener_id, publication_date, serialized_event, status,
                               completion_attempts, last_resubmission_date)
values
       (gen_random_uuid(), 'io.chatservice.domain.message.MessageSent',
        'io.chatservice.adapter.out.redis.RoomEventRelay.relay(io.chatservice.domain.message.RoomEvent)', now(),
        '{"message":{"id":{"value":"' || md5(random()::text) || '"},"roomId":{"value":"bench-room-' || :r::int
            || '"},"seq":' || (:last_seq::bigint + 1) || ',"senderId":{"value":"bench-user-' || :r::int
            || '"},"senderName":"bench-user-' || :r::int || '","clientMsgId":{"value":"' || 'c-' || :client_id::int || '-' || :n::bigint || '-1'
            || '"},"type":"TEXT","content":{"value":"bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-1' || ' '
            || repeat('x', :content_size::int) || '"},"createdAt":"' || now() || '","editedAt": null,"deletedAt": null,'
            || '"lastEventSeq":' || (:last_seq::bigint + 1) || '}}',
        'PUBLISHED', 1, now()),
       (gen_random_uuid(), 'io.chatservice.domain.message.MessageSent',
        'io.chatservice.adapter.out.redis.RoomEventRelay.relay(io.chatservice.domain.message.RoomEvent)', now(),
        '{"message":{"id":{"value":"' || md5(random()::text) || '"},"roomId":{"value":"bench-room-' || :r::int
            || '"},"seq":' || (:last_seq::bigint + 2) || ',"senderId":{"value":"bench-user-' || :r::int
            || '"},"senderName":"bench-user-' || :r::int || '","clientMsgId":{"value":"' || 'c-' || :client_id::int || '-' || :n::bigint || '-2'
            || '"},"type":"TEXT","content":{"value":"bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-2' || ' '
            || repeat('x', :content_size::int) || '"},"createdAt":"' || now() || '","editedAt": null,"deletedAt": null,'
            || '"lastEventSeq":' || (:last_seq::bigint + 2) || '}}',
        'PUBLISHED', 1, now()),
       (gen_random_uuid(), 'io.chatservice.domain.message.MessageSent',
        'io.chatservice.adapter.out.redis.RoomEventRelay.relay(io.chatservice.domain.message.RoomEvent)', now(),
        '{"message":{"id":{"value":"' || md5(random()::text) || '"},"roomId":{"value":"bench-room-' || :r::int
            || '"},"seq":' || (:last_seq::bigint + 3) || ',"senderId":{"value":"bench-user-' || :r::int
            || '"},"senderName":"bench-user-' || :r::int || '","clientMsgId":{"value":"' || 'c-' || :client_id::int || '-' || :n::bigint || '-3'
            || '"},"type":"TEXT","content":{"value":"bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-3' || ' '
            || repeat('x', :content_size::int) || '"},"createdAt":"' || now() || '","editedAt": null,"deletedAt": null,'
            || '"lastEventSeq":' || (:last_seq::bigint + 3) || '}}',
        'PUBLISHED', 1, now()),
       (gen_random_uuid(), 'io.chatservice.domain.message.MessageSent',
        'io.chatservice.adapter.out.redis.RoomEventRelay.relay(io.chatservice.domain.message.RoomEvent)', now(),
        '{"message":{"id":{"value":"' || md5(random()::text) || '"},"roomId":{"value":"bench-room-' || :r::int
            || '"},"seq":' || (:last_seq::bigint + 4) || ',"senderId":{"value":"bench-user-' || :r::int
            || '"},"senderName":"bench-user-' || :r::int || '","clientMsgId":{"value":"' || 'c-' || :client_id::int || '-' || :n::bigint || '-4'
            || '"},"type":"TEXT","content":{"value":"bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-4' || ' '
            || repeat('x', :content_size::int) || '"},"createdAt":"' || now() || '","editedAt": null,"deletedAt": null,'
            || '"lastEventSeq":' || (:last_seq::bigint + 4) || '}}',
        'PUBLISHED', 1, now()),
       (gen_random_uuid(), 'io.chatservice.domain.message.MessageSent',
        'io.chatservice.adapter.out.redis.RoomEventRelay.relay(io.chatservice.domain.message.RoomEvent)', now(),
        '{"message":{"id":{"value":"' || md5(random()::text) || '"},"roomId":{"value":"bench-room-' || :r::int
            || '"},"seq":' || (:last_seq::bigint + 5) || ',"senderId":{"value":"bench-user-' || :r::int
            || '"},"senderName":"bench-user-' || :r::int || '","clientMsgId":{"value":"' || 'c-' || :client_id::int || '-' || :n::bigint || '-5'
            || '"},"type":"TEXT","content":{"value":"bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-5' || ' '
            || repeat('x', :content_size::int) || '"},"createdAt":"' || now() || '","editedAt": null,"deletedAt": null,'
            || '"lastEventSeq":' || (:last_seq::bigint + 5) || '}}',
        'PUBLISHED', 1, now()),
       (gen_random_uuid(), 'io.chatservice.domain.message.MessageSent',
        'io.chatservice.adapter.out.redis.RoomEventRelay.relay(io.chatservice.domain.message.RoomEvent)', now(),
        '{"message":{"id":{"value":"' || md5(random()::text) || '"},"roomId":{"value":"bench-room-' || :r::int
            || '"},"seq":' || (:last_seq::bigint + 6) || ',"senderId":{"value":"bench-user-' || :r::int
            || '"},"senderName":"bench-user-' || :r::int || '","clientMsgId":{"value":"' || 'c-' || :client_id::int || '-' || :n::bigint || '-6'
            || '"},"type":"TEXT","content":{"value":"bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-6' || ' '
            || repeat('x', :content_size::int) || '"},"createdAt":"' || now() || '","editedAt": null,"deletedAt": null,'
            || '"lastEventSeq":' || (:last_seq::bigint + 6) || '}}',
        'PUBLISHED', 1, now()),
       (gen_random_uuid(), 'io.chatservice.domain.message.MessageSent',
        'io.chatservice.adapter.out.redis.RoomEventRelay.relay(io.chatservice.domain.message.RoomEvent)', now(),
        '{"message":{"id":{"value":"' || md5(random()::text) || '"},"roomId":{"value":"bench-room-' || :r::int
            || '"},"seq":' || (:last_seq::bigint + 7) || ',"senderId":{"value":"bench-user-' || :r::int
            || '"},"senderName":"bench-user-' || :r::int || '","clientMsgId":{"value":"' || 'c-' || :client_id::int || '-' || :n::bigint || '-7'
            || '"},"type":"TEXT","content":{"value":"bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-7' || ' '
            || repeat('x', :content_size::int) || '"},"createdAt":"' || now() || '","editedAt": null,"deletedAt": null,'
            || '"lastEventSeq":' || (:last_seq::bigint + 7) || '}}',
        'PUBLISHED', 1, now()),
       (gen_random_uuid(), 'io.chatservice.domain.message.MessageSent',
        'io.chatservice.adapter.out.redis.RoomEventRelay.relay(io.chatservice.domain.message.RoomEvent)', now(),
        '{"message":{"id":{"value":"' || md5(random()::text) || '"},"roomId":{"value":"bench-room-' || :r::int
            || '"},"seq":' || (:last_seq::bigint + 8) || ',"senderId":{"value":"bench-user-' || :r::int
            || '"},"senderName":"bench-user-' || :r::int || '","clientMsgId":{"value":"' || 'c-' || :client_id::int || '-' || :n::bigint || '-8'
            || '"},"type":"TEXT","content":{"value":"bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-8' || ' '
            || repeat('x', :content_size::int) || '"},"createdAt":"' || now() || '","editedAt": null,"deletedAt": null,'
            || '"lastEventSeq":' || (:last_seq::bigint + 8) || '}}',
        'PUBLISHED', 1, now()),
       (gen_random_uuid(), 'io.chatservice.domain.message.MessageSent',
        'io.chatservice.adapter.out.redis.RoomEventRelay.relay(io.chatservice.domain.message.RoomEvent)', now(),
        '{"message":{"id":{"value":"' || md5(random()::text) || '"},"roomId":{"value":"bench-room-' || :r::int
            || '"},"seq":' || (:last_seq::bigint + 9) || ',"senderId":{"value":"bench-user-' || :r::int
            || '"},"senderName":"bench-user-' || :r::int || '","clientMsgId":{"value":"' || 'c-' || :client_id::int || '-' || :n::bigint || '-9'
            || '"},"type":"TEXT","content":{"value":"bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-9' || ' '
            || repeat('x', :content_size::int) || '"},"createdAt":"' || now() || '","editedAt": null,"deletedAt": null,'
            || '"lastEventSeq":' || (:last_seq::bigint + 9) || '}}',
        'PUBLISHED', 1, now()),
       (gen_random_uuid(), 'io.chatservice.domain.message.MessageSent',
        'io.chatservice.adapter.out.redis.RoomEventRelay.relay(io.chatservice.domain.message.RoomEvent)', now(),
        '{"message":{"id":{"value":"' || md5(random()::text) || '"},"roomId":{"value":"bench-room-' || :r::int
            || '"},"seq":' || (:last_seq::bigint + 10) || ',"senderId":{"value":"bench-user-' || :r::int
            || '"},"senderName":"bench-user-' || :r::int || '","clientMsgId":{"value":"' || 'c-' || :client_id::int || '-' || :n::bigint || '-10'
            || '"},"type":"TEXT","content":{"value":"bench ' || 'c-' || :client_id::int || '-' || :n::bigint || '-10' || ' '
            || repeat('x', :content_size::int) || '"},"createdAt":"' || now() || '","editedAt": null,"deletedAt": null,'
            || '"lastEventSeq":' || (:last_seq::bigint + 10) || '}}',
        'PUBLISHED', 1, now());
COMMIT;
