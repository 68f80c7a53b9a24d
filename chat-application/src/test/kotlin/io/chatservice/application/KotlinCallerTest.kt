package io.chatservice.application

import io.chatservice.application.port.`in`.Caller
import io.chatservice.application.port.`in`.CreateRoomCommand
import io.chatservice.application.port.`in`.CreateRoomUseCase
import io.chatservice.application.port.`in`.EditMessageCommand
import io.chatservice.application.port.`in`.EditMessageUseCase
import io.chatservice.application.port.`in`.PageLimit
import io.chatservice.application.port.`in`.SendMessageCommand
import io.chatservice.application.port.`in`.SendMessageUseCase
import io.chatservice.application.port.`in`.SendResult
import io.chatservice.application.port.`in`.SyncMessagesUseCase
import io.chatservice.application.port.`in`.SyncPage
import io.chatservice.application.port.`in`.SyncQuery
import io.chatservice.application.testing.ChatServices
import io.chatservice.domain.message.ClientMsgId
import io.chatservice.domain.message.MemberJoined
import io.chatservice.domain.message.MemberLeft
import io.chatservice.domain.message.Message
import io.chatservice.domain.message.MessageContent
import io.chatservice.domain.message.MessageDeleted
import io.chatservice.domain.message.MessageEdited
import io.chatservice.domain.message.MessageSent
import io.chatservice.domain.message.MessageType
import io.chatservice.domain.message.RoomEvent
import io.chatservice.domain.room.RoomName
import io.chatservice.domain.room.Visibility
import io.chatservice.domain.shared.PermissionDeniedException
import io.chatservice.domain.shared.RoomId
import io.chatservice.domain.shared.UserId
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.Test

/**
 * Drives the core through its port-in interfaces the way a Kotlin adapter would. Record components read as
 * properties, JSpecify's `@Nullable` arrives as `T?` (so `message.content.value` without a safe call does not
 * compile), and Java's sealed `RoomEvent` gives an exhaustive `when`. Kotlin refuses named arguments on Java
 * constructors (KT-16765), so the Java commands are built positionally behind small Kotlin functions that
 * take named arguments with defaults.
 */
class KotlinCallerTest {

    private val chat = ChatServices.create()
    private val createRoom: CreateRoomUseCase = chat.rooms()
    private val sendMessage: SendMessageUseCase = chat.messages()
    private val editMessage: EditMessageUseCase = chat.messages()
    private val syncMessages: SyncMessagesUseCase = chat.timeline()

    private val alice = Caller(UserId.of("alice"), "Alice")
    private val bob = Caller(UserId.of("bob"), null)

    private fun create(
        owner: Caller,
        name: String,
        visibility: Visibility = Visibility.PUBLIC,
        members: Set<Caller> = emptySet(),
    ): RoomId {
        val command = CreateRoomCommand(owner, RoomName.of(name), visibility, members.map { it.id }.toSet())
        return createRoom.createRoom(command).id
    }

    private fun send(caller: Caller, room: RoomId, text: String, clientMsgId: String): SendResult {
        val command = SendMessageCommand(caller, room, ClientMsgId.of(clientMsgId), MessageContent.of(text))
        return sendMessage.sendMessage(command)
    }

    private fun edit(caller: Caller, room: RoomId, message: Message, text: String): Message =
        editMessage.editMessage(EditMessageCommand(caller, room, message.id, MessageContent.of(text)))

    private fun sync(
        caller: Caller,
        room: RoomId,
        after: Message? = null,
        sinceSeq: Long? = null,
        limit: Int = PageLimit.DEFAULT.value,
    ): SyncPage = syncMessages.syncMessages(SyncQuery(caller, room, after?.id, sinceSeq, PageLimit(limit)))

    private fun kindOf(event: RoomEvent): String = when (event) {
        is MessageSent -> "sent"
        is MessageEdited -> "edited"
        is MessageDeleted -> "deleted"
        is MemberJoined -> "joined ${event.member()}"
        is MemberLeft -> "left ${event.member()}"
    }

    @Test
    fun roomCreatedWrittenEditedAndSyncedFromKotlin() {
        val room = create(owner = alice, name = "kotlin", visibility = Visibility.PRIVATE, members = setOf(bob))
        val hello = send(caller = alice, room = room, text = "hello", clientMsgId = "k-1").message
        send(caller = bob, room = room, text = "hi", clientMsgId = "k-2")
        edit(caller = alice, room = room, message = hello, text = "hello, Kotlin")

        val page = sync(caller = bob, room = room, sinceSeq = 0)

        val texts: List<String> = page.messages.mapNotNull { it.content?.value }
        val senderNames: List<String?> = page.messages.map { it.senderName }
        assertThat(texts).containsExactly("hi", "hello, Kotlin")
        assertThat(senderNames).containsExactly("Alice", null, null, "Alice")
        assertThat(page.messages.map { it.type }).containsExactly(
            MessageType.JOIN, MessageType.JOIN, MessageType.TEXT, MessageType.TEXT)
        assertThat(page.messages.map { it.lastEventSeq }).containsExactly(1L, 2L, 4L, 5L)
        assertThat(page.lastSeq).isEqualTo(5L)
        assertThat(page.hasMore).isFalse()
        assertThat(chat.events().published().map(::kindOf))
            .containsExactly("joined alice", "joined bob", "sent", "sent", "edited")
    }

    @Test
    fun nullableFieldsAreNullableInKotlin() {
        val room = create(owner = alice, name = "nulls")
        val sent = send(caller = alice, room = room, text = "soon gone", clientMsgId = "k-1").message

        val editedAt = sent.editedAt
        val content = sent.content
        val clientMsgId = sent.clientMsgId

        assertThat(editedAt).isNull()
        assertThat(content?.value ?: "(deleted)").isEqualTo("soon gone")
        assertThat(clientMsgId?.value).isEqualTo("k-1")
        assertThat(sync(caller = alice, room = room, after = sent).messages).isEmpty()
    }

    @Test
    fun retriedSendAndRuleViolationsReadNaturally() {
        val room = create(owner = alice, name = "rules")
        val first = send(caller = alice, room = room, text = "once", clientMsgId = "k-1")

        val retry = send(caller = alice, room = room, text = "once", clientMsgId = "k-1")

        assertThat(retry.duplicate).isTrue()
        assertThat(retry.message).isEqualTo(first.message)
        assertThatThrownBy { send(caller = bob, room = room, text = "let me in", clientMsgId = "k-9") }
            .isInstanceOf(PermissionDeniedException::class.java)
    }
}
