-- Rooms, their members and their timeline. The room row is the lock that serializes a room's events:
-- every writer locks it, takes last_seq + 1 and stores the new last_seq before committing, so seqs are
-- gap-free and in commit order. Checks mirror the domain's invariants where they are cheap to state.

create table room (
    id         varchar(64)  not null,
    name       varchar(100) not null,
    visibility varchar(16)  not null,
    created_at timestamptz  not null,
    last_seq   bigint       not null default 0,
    constraint room_pk primary key (id),
    constraint room_visibility_ck check (visibility in ('PUBLIC', 'PRIVATE')),
    constraint room_last_seq_ck check (last_seq >= 0)
);

create table room_member (
    room_id              varchar(64) not null,
    user_id              varchar(64) not null,
    role                 varchar(16) not null,
    joined_at            timestamptz not null,
    joined_seq           bigint      not null,
    last_read_seq        bigint      not null,
    last_read_message_id varchar(64),
    constraint room_member_pk primary key (room_id, user_id),
    constraint room_member_room_fk foreign key (room_id) references room (id),
    constraint room_member_role_ck check (role in ('OWNER', 'MEMBER')),
    constraint room_member_joined_seq_ck check (joined_seq >= 1),
    -- A member starts having read up to their own JOIN and the marker only moves forward.
    constraint room_member_last_read_seq_ck check (last_read_seq >= joined_seq)
);

-- "Rooms of a user": the room list is read from this side.
create index room_member_user_idx on room_member (user_id);

create table message (
    id             varchar(64)  not null,
    room_id        varchar(64)  not null,
    seq            bigint       not null,
    sender_id      varchar(64)  not null,
    sender_name    varchar(128),
    client_msg_id  varchar(64),
    type           varchar(16)  not null,
    content        text,
    created_at     timestamptz  not null,
    edited_at      timestamptz,
    deleted_at     timestamptz,
    last_event_seq bigint       not null,
    constraint message_pk primary key (id),
    constraint message_room_fk foreign key (room_id) references room (id),
    -- Timeline position; also the index of history pages (keyset on seq) and of unread counts.
    constraint message_room_seq_uk unique (room_id, seq),
    -- Idempotent sends: the final word when two sends of one clientMsgId race. NULLs (JOIN, LEAVE) never clash.
    constraint message_client_msg_id_uk unique (room_id, sender_id, client_msg_id),
    -- Each room event changes exactly one message, so the latest event seq is unique per room;
    -- this is also the index that reconnect sync (by last event seq) reads.
    constraint message_room_last_event_seq_uk unique (room_id, last_event_seq),
    constraint message_type_ck check (type in ('TEXT', 'JOIN', 'LEAVE')),
    constraint message_seq_ck check (seq >= 1),
    constraint message_last_event_seq_ck check (last_event_seq >= seq),
    constraint message_content_length_ck check (char_length(content) between 1 and 4000),
    -- A text message has content exactly while it is not deleted (a tombstone keeps no text) and always
    -- carries the client's id; JOIN and LEAVE records have no content and never change.
    constraint message_text_content_ck check (type <> 'TEXT' or ((content is null) = (deleted_at is not null))),
    constraint message_text_client_msg_id_ck check (type <> 'TEXT' or client_msg_id is not null),
    constraint message_system_record_ck check (
        type = 'TEXT' or (content is null and edited_at is null and deleted_at is null))
);
