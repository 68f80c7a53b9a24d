package io.chatservice.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestBodyLimitFilterTest {

    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(10);

    @Test
    void aDeclaredLengthOverTheLimitIsAnswered413WithoutReadingTheBody() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/rooms");
        request.setContent("01234567890".getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void aBodyWithinTheLimitPassesUntouched() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/rooms");
        request.setContent("0123456789".getBytes(StandardCharsets.UTF_8));
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isSameAs(request);
    }

    @Test
    void aBodyOfUnknownLengthFailsWhileBeingReadOnceItPassesTheLimit() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/rooms") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        request.setContent("0123456789ABCDEF".getBytes(StandardCharsets.UTF_8));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        FilterChain readingChain = (req, res) -> {
            try {
                req.getInputStream().readAllBytes();
            } catch (Exception e) {
                failure.set(e);
            }
        };

        filter.doFilter(request, new MockHttpServletResponse(), readingChain);

        assertThat(failure.get()).isInstanceOf(PayloadTooLargeException.class);
        assertThat(PayloadTooLargeException.findIn(new RuntimeException(failure.get())).maxBytes()).isEqualTo(10);
    }

    @Test
    void aBodyOfUnknownLengthWithinTheLimitIsReadWhole() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/rooms") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        request.setContent("0123456789".getBytes(StandardCharsets.UTF_8));
        AtomicReference<String> read = new AtomicReference<>();
        FilterChain readingChain = (req, res) -> read.set(req.getReader().readLine());

        filter.doFilter(request, new MockHttpServletResponse(), readingChain);

        assertThat(read.get()).isEqualTo("0123456789");
    }
}
