package io.contactsync.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reading a request from the JDK server and writing an answer back, with the sizes a server limits. */
final class HttpIo {

    private HttpIo() { }

    /** The request; a POST with {@code ?_HttpMethod=PATCH} (or DELETE…) is taken as that method, as Salesforce does. */
    static SimRequest read(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> query = rawQuery == null ? Map.of() : parseQuery(rawQuery);
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String override = query.get("_HttpMethod");
        if ("POST".equals(method) && override != null && !override.isBlank()) {
            method = override.trim().toUpperCase(Locale.ROOT);
        }
        return new SimRequest(method, exchange.getRequestURI().getPath(), query, headers, body, null);
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }

    static Map<String, String> form(SimRequest request) {
        return parseQuery(new String(request.body(), StandardCharsets.UTF_8));
    }

    /** Bytes of the request line and the header block, as a server limits them. */
    static int requestSize(HttpExchange exchange) {
        String uri = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        int size = exchange.getRequestMethod().length() + 1 + uri.length() + " HTTP/1.1\r\n".length();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                size += header.getKey().length() + 2 + value.length() + 2;
            }
        }
        return size + 2;
    }

    /** Length of the raw path and query: the URI a server refuses with 414 beyond its limit. */
    static int uriLength(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        return exchange.getRequestURI().getRawPath().length() + (raw == null ? 0 : raw.length() + 1);
    }

    static void write(HttpExchange exchange, SimResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] bytes;
        if (response.body() == null) {
            bytes = new byte[0];
        } else if (response.body() instanceof String text && response.headers().containsKey("Content-Type")) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
        } else {
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
            bytes = Json.MAPPER.writeValueAsBytes(response.body());
        }
        if (response.status() == 204 || bytes.length == 0) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
