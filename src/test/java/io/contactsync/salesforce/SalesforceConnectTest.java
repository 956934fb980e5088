package io.contactsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.simulator.InMemoryOrg;
import io.contactsync.simulator.SalesforceSimulator;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.internal.SalesforceSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Connecting the org from the page, over HTTP end to end: the service in org mode against a simulator of
 * the test's own, the admin's connect → the simulator's sign-in → the callback → the stored, encrypted
 * connection that camel-salesforce then logs in with, keeping rotated refresh tokens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "contactsync.salesforce.mode=org", "contactsync.salesforce.client-id=contact-sync",
    "contactsync.secret-key-file=target/test-secret-key"})
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class SalesforceConnectTest {

    private static final SalesforceSimulator ORG = InMemoryOrg.start();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = basic("admin", "admin-secret");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SecretBox secrets;
    @Autowired
    SalesforceComponent salesforce;

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @DynamicPropertySource
    static void org(DynamicPropertyRegistry registry) {
        registry.add("contactsync.salesforce.login-url", ORG::loginUrl);
    }

    @AfterAll
    static void stopOrg() {
        ORG.stop();
    }

    @BeforeEach
    void noConnection() {
        ORG.settings().setRefreshTokenRotation(false);
        jdbc.update("delete from salesforce_connection");
    }

    @Test
    void anAdminConnectsAndTheComponentLogsInWithTheStoredTokenKeepingEachRotatedOne(CapturedOutput output) throws Exception {
        assertThat(get("/api/salesforce/connection", ADMIN).body()).contains("\"connected\":false", "\"source\":\"none\"");
        assertThat(get("/actuator/health", ADMIN).body()).contains("not connected");
        // nothing is claimed while no call could log in: the push is refused with the reason, the contact stays PENDING
        HttpResponse<String> stored = post("/api/contacts",
                "{\"lastName\": \"Waits\", \"company\": \"Co\", \"email\": \"waits@example.com\"}", ADMIN);
        long waiting = JSON.readTree(stored.body()).get("ids").get(0).asLong();
        HttpResponse<String> refused = post("/api/pushes",
                "{\"contactIds\": [" + waiting + "], \"requestedBy\": \"ops@example.com\"}", ADMIN);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("not connected");
        assertThat(jdbc.queryForObject("select status from export_state where contact_id = ?", String.class, waiting))
                .isEqualTo("PENDING");

        String answers = connect("alice.seller@example.com");
        HttpResponse<String> connection = get("/api/salesforce/connection", ADMIN);
        JsonNode c = JSON.readTree(connection.body());
        assertThat(c.get("connected").asBoolean()).isTrue();
        assertThat(c.get("source").asText()).isEqualTo("stored");
        assertThat(c.get("inUse").asBoolean()).isTrue();
        assertThat(c.get("username").asText()).isEqualTo("alice.seller@example.com");
        assertThat(c.get("orgId").asText()).startsWith("00D").hasSize(18);
        assertThat(c.get("instanceUrl").asText()).isEqualTo(ORG.loginUrl());
        assertThat(c.get("connectedBy").asText()).isEqualTo("admin");
        assertThat(c.get("connectedAt").asText()).isNotBlank();

        String refreshToken = storedToken();
        String row = jdbc.queryForObject("select row_to_json(c)::text from salesforce_connection c", String.class);
        assertThat(row).doesNotContain(refreshToken);
        assertThat(jdbc.queryForObject("select count(*) from salesforce_connect_attempt", Integer.class)).isZero();

        // camel-salesforce logs in with the stored token; with rotation on, each login keeps the new one
        ORG.settings().setRefreshTokenRotation(true);
        SalesforceSession session = salesforce.getSession();
        Set<String> seen = new HashSet<>(Set.of(refreshToken));
        String previous = refreshToken;
        for (int i = 0; i < 3; i++) {
            session.login(session.getAccessToken());
            String now = storedToken();
            assertThat(seen.add(now)).as("login %d stored a new refresh token", i + 1).isTrue();
            assertThat(refresh(previous).statusCode()).as("the replaced token is refused").isEqualTo(400);
            previous = now;
        }
        assertThat(session.getAccessToken()).isNotNull();

        String all = output.getAll() + answers + connection.body();
        for (String token : seen) {
            assertThat(all).doesNotContain(token);
        }

        HttpResponse<String> gone = send(HttpRequest.newBuilder(service("/api/salesforce/connection")).DELETE()
                .header("Authorization", ADMIN).build());
        assertThat(gone.statusCode()).isEqualTo(200);
        assertThat(gone.body()).contains("\"revoked\":true");
        assertThat(refresh(previous).statusCode()).as("revoked at the org").isEqualTo(400);
        assertThat(jdbc.queryForObject("select count(*) from salesforce_connection", Integer.class)).isZero();
        assertThat(get("/api/salesforce/connection", ADMIN).body()).contains("\"connected\":false");
    }

    @Test
    void aCallbackWithAnUnknownStateStoresNothing() throws Exception {
        HttpResponse<String> r = get("/oauth/salesforce/callback?code=x&state=forged", ADMIN);
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).contains("salesforce=failed", "unknown-state");
        assertThat(jdbc.queryForObject("select count(*) from salesforce_connection", Integer.class)).isZero();
    }

    @Test
    void onlyAdminsSeeOrChangeTheConnection() throws Exception {
        String alice = basic("alice", "alice-secret");
        assertThat(get("/api/salesforce/connection", alice).statusCode()).isEqualTo(403);
        assertThat(post("/api/salesforce/connect", "{}", alice).statusCode()).isEqualTo(403);
        assertThat(get("/oauth/salesforce/callback?code=x&state=y", alice).statusCode()).isEqualTo(403);
        assertThat(post("/api/salesforce/connect", "{\"environment\": \"ftp://example.com\"}", ADMIN).statusCode()).isEqualTo(400);
    }

    // ---- the flow, as the page and the browser drive it

    /** Connects as the given org user; answers the bodies seen on the way. */
    private String connect(String username) throws Exception {
        HttpResponse<String> started = post("/api/salesforce/connect", "{\"environment\": \"" + ORG.loginUrl() + "\"}", ADMIN);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        URI authorize = URI.create(JSON.readTree(started.body()).get("authorizeUrl").asText());
        assertThat(authorize.toString()).startsWith(ORG.loginUrl() + "/services/oauth2/authorize?")
                .contains("code_challenge_method=S256", "state=", "redirect_uri=");

        HttpResponse<String> form = send(HttpRequest.newBuilder(authorize).GET().build());
        assertThat(form.statusCode()).isEqualTo(200);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : authorize.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        fields.put("username", username);
        fields.put("password", "simulator");
        HttpResponse<String> signedIn = send(HttpRequest.newBuilder(URI.create(ORG.loginUrl() + "/services/oauth2/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                .build());
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.body()).contains("Allow Access?");
        String ticket = signedIn.body().replaceAll("(?s).*name=\"ticket\" value=\"([0-9a-f]+)\".*", "$1");
        HttpResponse<String> approved = send(HttpRequest.newBuilder(URI.create(ORG.loginUrl() + "/services/oauth2/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("ticket", ticket, "approval", "allow")))).build());
        assertThat(approved.statusCode()).isEqualTo(302);
        URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
        assertThat(callback.getPath()).isEqualTo("/oauth/salesforce/callback");

        HttpResponse<String> back = send(HttpRequest.newBuilder(callback).GET().header("Authorization", ADMIN).build());
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(back.headers().firstValue("Location").orElseThrow()).isEqualTo("/salesforce.html?salesforce=connected");
        return started.body() + form.body() + back.body();
    }

    private String storedToken() {
        return secrets.decrypt(jdbc.queryForObject("select refresh_token_enc from salesforce_connection", String.class));
    }

    private HttpResponse<String> refresh(String refreshToken) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(ORG.loginUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "refresh_token", "client_id", "contact-sync",
                        "refresh_token", refreshToken)))).build());
    }

    private URI service(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return send(HttpRequest.newBuilder(service(path)).GET().header("Authorization", authorization).build());
    }

    private HttpResponse<String> post(String path, String json, String authorization) throws Exception {
        return send(HttpRequest.newBuilder(service(path)).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
