package io.chatservice.adapter.in.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Refuses a JSON request body that is not well-formed UTF-8 before Jackson reads it. Jackson decodes UTF-8
 * leniently: an overlong sequence ({@code C0 AF} for {@code /}) or a CESU-8 surrogate pair comes out as the
 * character it spells, so a client could have stored text it never sent as UTF-8 (and ids compared equal that
 * differ on the wire); and it guesses UTF-16 or UTF-32 from the first bytes. The JDK's decoder, set to report,
 * refuses every sequence RFC 3629 does not allow, and a NUL byte is refused as well (see {@link #isUtf8}). Bodies
 * are small (the request body limit, 64 KiB, is enforced before this reads them), so they are read whole here.
 * A body declared in another charset is left to the converter, which decodes it as declared.
 */
@ControllerAdvice
final class StrictUtf8BodyAdvice extends RequestBodyAdviceAdapter {

    static final String NOT_UTF8 = "The request body is not valid UTF-8";

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        MediaType contentType = message.getHeaders().getContentType();
        Charset declared = contentType == null ? null : contentType.getCharset();
        if (declared != null && !declared.equals(StandardCharsets.UTF_8)) {
            return message;
        }
        byte[] body;
        try (InputStream in = message.getBody()) {
            body = in.readAllBytes();
        }
        if (!isUtf8(body)) {
            throw new HttpMessageNotReadableException(NOT_UTF8, message);
        }
        HttpHeaders headers = message.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /**
     * Well-formed UTF-8 without NUL bytes. JSON never holds a raw NUL (in a string it must be escaped, elsewhere it
     * is no white space), but UTF-16 and UTF-32 text is full of them: refusing them keeps Jackson from guessing
     * one of those encodings, since JSON between systems is UTF-8 (RFC 8259, 8.1).
     */
    static boolean isUtf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException notUtf8) {
            return false;
        }
    }
}
