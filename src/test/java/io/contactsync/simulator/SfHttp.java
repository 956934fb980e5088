package io.contactsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A bare HTTP client for the Salesforce REST API, as any non-Camel client would use it. */
final class SfHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLIENT_ID = "contact-sync-tests";
    static final String CLIENT_SECRET = "tests-secret";

    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final String loginUrl;
    String version = "v59.0";
    String accessToken;
    String instanceUrl;
    JsonNode loginAnswer;

    SfHttp(String loginUrl) {
        this.loginUrl = stripSlash(loginUrl);
    }

    record Resp(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Resp token(Map<String, String> form) {
        return token(loginUrl, form);
    }

    Resp token(String base, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(stripSlash(base) + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(request);
    }

    static Map<String, String> passwordForm(String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", CLIENT_ID);
        form.put("client_secret", CLIENT_SECRET);
        form.put("username", username);
        form.put("password", password);
        form.put("format", "json");
        return form;
    }

    SfHttp login() {
        return login("integration@contactsync.local", "simulator");
    }

    SfHttp login(String username, String password) {
        Resp r = token(passwordForm(username, password));
        if (r.status() != 200) {
            throw new AssertionError("login failed: " + r);
        }
        loginAnswer = r.json();
        accessToken = loginAnswer.get("access_token").asText();
        instanceUrl = stripSlash(loginAnswer.get("instance_url").asText());
        return this;
    }

    /** "/services/data/v59.0" + rest. */
    String data(String rest) {
        return "/services/data/" + version + rest;
    }

    String query(String soql) {
        return data("/query?q=" + enc(soql));
    }

    Resp get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    Resp post(String path, Object body, String... headers) {
        return send("POST", path, body, headers);
    }

    Resp patch(String path, Object body, String... headers) {
        return send("PATCH", path, body, headers);
    }

    Resp delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    Resp send(String method, String path, Object body, String... headers) {
        String base = instanceUrl != null ? instanceUrl : loginUrl;
        String url = path.startsWith("http") ? path : base + path;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        b.header("Accept", "application/json");
        if (accessToken != null) {
            b.header("Authorization", "Bearer " + accessToken);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            String text = body instanceof String s ? s : toJson(body);
            b.method(method, HttpRequest.BodyPublishers.ofString(text));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(b.build());
    }

    Resp send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- Salesforce ids -------------------------------------------------------------------

    private static final String CHECKSUM_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    /** The 3-character case-checksum suffix Salesforce appends to a 15-character id. */
    static String checksum(String id15) {
        StringBuilder sb = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int flags = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    flags |= 1 << i;
                }
            }
            sb.append(CHECKSUM_CHARS.charAt(flags));
        }
        return sb.toString();
    }

    static boolean validId(String id18) {
        return id18 != null && id18.length() == 18 && id18.matches("[A-Za-z0-9]{18}")
                && checksum(id18.substring(0, 15)).equals(id18.substring(15));
    }

    /** The same 15-character id with a different (wrong) checksum. */
    static String wrongChecksum(String id18) {
        char first = id18.charAt(15);
        char other = first == 'A' ? 'B' : 'A';
        return id18.substring(0, 15) + other + id18.substring(16);
    }
}
