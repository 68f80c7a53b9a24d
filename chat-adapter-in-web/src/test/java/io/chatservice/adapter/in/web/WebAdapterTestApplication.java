package io.chatservice.adapter.in.web;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The configuration {@code @WebMvcTest} looks for; the real application class lives in chat-bootstrap. The
 * slice scans this package for web components only (controllers, advice, MVC configurers).
 */
@SpringBootApplication
class WebAdapterTestApplication {
}
