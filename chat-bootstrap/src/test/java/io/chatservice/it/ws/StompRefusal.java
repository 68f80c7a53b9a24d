package io.chatservice.it.ws;

import org.springframework.web.socket.CloseStatus;

/**
 * A CONNECT the server refused: the ERROR frame it sent, the close status of the WebSocket it then closed, and
 * what the STOMP client made of it (a lost connection).
 */
public record StompRefusal(ReceivedFrame error, CloseStatus closeStatus, Throwable clientSaw) {
}
