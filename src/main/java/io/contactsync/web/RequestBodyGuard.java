package io.contactsync.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bodies sent to the API: a Content-Type that parses and, for JSON, no charset but UTF-8 (415
 * otherwise); at most {@code contactsync.api.max-request-bytes} (413); valid UTF-8 (400 naming the
 * field where the bad bytes sit). Headers are checked before Spring Security, which parses the media
 * type itself; the body is read only after it, for a known caller, and whole before any route runs,
 * because platform-http reads it before the route's error handling could answer.
 */
@Configuration(proxyBeanMethods = false)
public class RequestBodyGuard {

    @Bean
    FilterRegistrationBean<Headers> apiRequestHeaders(ObjectMapper json, ApiErrors errors,
            @Value("${contactsync.api.max-request-bytes:4194304}") long maxBytes) {
        FilterRegistrationBean<Headers> registration = new FilterRegistrationBean<>(new Headers(json, errors, maxBytes));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<Body> apiRequestBody(ObjectMapper json, ApiErrors errors, RequestReader reader,
            @Value("${contactsync.api.max-request-bytes:4194304}") long maxBytes) {
        FilterRegistrationBean<Body> registration = new FilterRegistrationBean<>(new Body(json, errors, reader, maxBytes));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data");
    }

    private static void refuse(ObjectMapper json, ApiErrors errors, HttpServletResponse response, ApiException refused)
            throws IOException {
        response.setStatus(refused.status());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        // the body may be left unread: the connection cannot carry another request after it
        response.setHeader(HttpHeaders.CONNECTION, "close");
        json.writeValue(response.getOutputStream(), errors.body(refused));
    }

    private static ApiException tooLarge(String size, long maxBytes) {
        return new ApiException(413, null, "the request body is " + size + "; at most " + maxBytes
                + " bytes are read (contactsync.api.max-request-bytes)");
    }

    /** The Content-Type and Content-Length of a body, before anything is read. */
    static final class Headers extends OncePerRequestFilter {

        private final ObjectMapper json;
        private final ApiErrors errors;
        private final long maxBytes;

        Headers(ObjectMapper json, ApiErrors errors, long maxBytes) {
            this.json = json;
            this.errors = errors;
            this.maxBytes = maxBytes;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            ApiException refused = hasBody(request) ? contentType(request.getContentType()) : null;
            if (refused == null && request.getContentLengthLong() > maxBytes) {
                refused = tooLarge(request.getContentLengthLong() + " bytes", maxBytes);
            }
            if (refused != null) {
                refuse(json, errors, response, refused);
                return;
            }
            chain.doFilter(request, response);
        }

        private static ApiException contentType(String type) {
            if (type == null) {
                return null; // JSON-only writes are enforced once the caller is known
            }
            MediaType media;
            try {
                media = MediaType.parseMediaType(type);
            } catch (InvalidMediaTypeException e) {
                return new ApiException(415, null, "Content-Type '" + type + "' is not a media type with a known charset; "
                        + "send application/json");
            }
            if (MediaType.APPLICATION_JSON.isCompatibleWith(media) && media.getCharset() != null
                    && !StandardCharsets.UTF_8.equals(media.getCharset())) {
                return new ApiException(415, null, "JSON is read as UTF-8; charset=" + media.getParameter("charset")
                        + " is not accepted");
            }
            return null;
        }
    }

    /** Reads the body up to the limit and decodes it as UTF-8 that must be valid; the route gets the text. */
    static final class Body extends OncePerRequestFilter {

        private final ObjectMapper json;
        private final ApiErrors errors;
        private final RequestReader reader;
        private final long maxBytes;

        Body(ObjectMapper json, ApiErrors errors, RequestReader reader, long maxBytes) {
            this.json = json;
            this.errors = errors;
            this.reader = reader;
            this.maxBytes = maxBytes;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!hasBody(request) || isMultipart(request)) {
                // an upload (POST /api/contacts/import) is left to the multipart reader, whose limits are the same
                // (spring.servlet.multipart.*); the file's own encoding is checked by its importer
                chain.doFilter(request, response);
                return;
            }
            byte[] bytes = request.getInputStream().readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxBytes) {
                refuse(json, errors, response, tooLarge("over " + maxBytes + " bytes", maxBytes));
                return;
            }
            String text;
            try {
                text = decode(bytes);
            } catch (ApiException refused) {
                refuse(json, errors, response, refused);
                return;
            }
            chain.doFilter(new Decoded(request, text, bytes), response);
        }

        private String decode(byte[] bytes) {
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            CharBuffer out = CharBuffer.allocate(bytes.length);
            CoderResult result = decoder.decode(in, out, true);
            if (!result.isError()) {
                result = decoder.flush(out);
            }
            if (result.isError()) {
                String field = reader.fieldAtEnd(out.flip().toString());
                throw ApiException.badRequest(field, (field == null ? "" : field + ": ")
                        + "the body is not valid UTF-8 (byte " + in.position() + ")");
            }
            return out.flip().toString();
        }
    }

    /** The request with its body already read and decoded. */
    private static final class Decoded extends HttpServletRequestWrapper {

        private final String text;
        private final byte[] bytes;

        Decoded(HttpServletRequest request, String text, byte[] bytes) {
            super(request);
            this.text = text;
            this.bytes = bytes;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(bytes);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new StringReader(text));
        }

        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public int getContentLength() {
            return bytes.length;
        }

        @Override
        public long getContentLengthLong() {
            return bytes.length;
        }
    }
}
