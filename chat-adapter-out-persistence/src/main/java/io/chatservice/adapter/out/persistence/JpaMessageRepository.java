package io.chatservice.adapter.out.persistence;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Keyset queries only: each page starts from a seq, never from an offset. */
interface JpaMessageRepository extends Repository<MessageEntity, String> {

    Optional<MessageEntity> findByIdAndRoomId(String id, String roomId);

    Optional<MessageEntity> findByRoomIdAndSenderIdAndClientMsgId(String roomId, String senderId, String clientMsgId);

    @Query("select m from MessageEntity m where m.roomId = :roomId and m.seq < :beforeSeq order by m.seq desc")
    List<MessageEntity> findNewestBefore(String roomId, long beforeSeq, Limit limit);

    @Query("""
            select m from MessageEntity m
             where m.roomId = :roomId and m.lastEventSeq > :afterSeq and m.lastEventSeq <= :upToSeq
             order by m.lastEventSeq""")
    List<MessageEntity> findChangedBetween(String roomId, long afterSeq, long upToSeq, Limit limit);
}
