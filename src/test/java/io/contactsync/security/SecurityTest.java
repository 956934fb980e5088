package io.contactsync.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.e2e.EndToEndTest;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The API needs a user; health is open with details for admins only; only admins push by default; the
 * page signs in with a form and a session guarded by a CSRF token; failed sign-ins are throttled.
 */
@AutoConfigureObservability(tracing = false)
@ExtendWith(OutputCaptureExtension.class)
// a short throttle window, so that a test can wait it out; the address limit out of the way of the user limit
@TestPropertySource(properties = {"contactsync.security.sign-in-throttle.window=3s",
        "contactsync.security.sign-in-throttle.max-failures-per-address=1000"})
class SecurityTest extends EndToEndTest {

    @LocalServerPort
    int port;

    private TestRestTemplate alice() {
        return anonymous.withBasicAuth("alice", ALICE_PASSWORD);
    }

    @Test
    void theApiNeedsAUserAndSaysSoInJson() {
        ResponseEntity<String> none = anonymous.getForEntity("/api/contacts", String.class);
        ResponseEntity<String> wrong = anonymous.withBasicAuth("admin", "guess").getForEntity("/api/contacts", String.class);

        assertThat(none.getStatusCode().value()).isEqualTo(401);
        assertThat(none.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
        assertThat(read(none.getBody()).get("error").asText()).isEqualTo("authentication required");
        assertThat(wrong.getStatusCode().value()).isEqualTo(401);
        assertThat(anonymous.getForEntity("/api/pushes/x", String.class).getStatusCode().value()).isEqualTo(401);
        assertThat(alice().getForEntity("/api/contacts", String.class).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void healthIsOpenButItsDetailsAndTheMetricsAreForAdmins() {
        JsonNode open = read(anonymous.getForObject("/actuator/health", String.class));
        JsonNode detailed = read(http.getForObject("/actuator/health", String.class));

        assertThat(open.get("status").asText()).isEqualTo("UP");
        assertThat(open.has("components")).isFalse();
        assertThat(detailed.get("components").get("salesforce").get("status").asText()).isEqualTo("UP");
        assertThat(detailed.get("components").has("db")).isTrue();
        assertThat(anonymous.getForEntity("/actuator/prometheus", String.class).getStatusCode().value()).isEqualTo(401);
        assertThat(alice().getForEntity("/actuator/prometheus", String.class).getStatusCode().value()).isEqualTo(403);
        assertThat(http.getForEntity("/actuator/prometheus", String.class).getBody()).contains("jvm_memory_used_bytes");
    }

    @Test
    void usersStoreAndReadContactsButOnlyAdminsPushByDefault() {
        ResponseEntity<String> stored = alice().postForEntity("/api/contacts", json(contact("Ada", "Lovelace",
                "ada@example.com", "Co", "alice.seller@example.com")), String.class);
        List<Long> ids = List.of(read(stored.getBody()).get("ids").get(0).asLong());

        ResponseEntity<String> refused = alice().postForEntity("/api/pushes",
                json(toJson(Map.of("contactIds", ids, "requestedBy", "alice.seller@example.com"))), String.class);

        assertThat(stored.getStatusCode().value()).isEqualTo(201);
        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(read(refused.getBody()).get("error").asText()).contains("users-can-push");
        assertThat(export(ids.get(0)).get("status").asText()).isEqualTo("PENDING");
        assertThat(push(ids, "admin@example.com").get("exported").asInt()).isEqualTo(1);
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedSoCrossSiteFormsCannotPost() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.TEXT_PLAIN);

        ResponseEntity<String> answer = http.postForEntity("/api/contacts",
                new HttpEntity<>("{\"lastName\": \"Form\"}", headers), String.class);

        assertThat(answer.getStatusCode().value()).isEqualTo(415);
        assertThat(read(answer.getBody()).get("error").asText()).contains("application/json");
        assertThat(jdbc.queryForObject("select count(*) from contact", Integer.class)).isZero();
    }

    @Test
    void aWriteWithoutABodyNeedsTheJsonTypeOrACustomHeader() {
        HttpHeaders custom = new HttpHeaders();
        custom.set("X-Requested-With", "XMLHttpRequest");

        long callsBefore = simulator.totalCalls();
        ResponseEntity<String> bare = http.postForEntity("/api/mapping/test", null, String.class);
        ResponseEntity<String> form = http.postForEntity("/api/mapping/test",
                new HttpEntity<>(null, formType()), String.class);

        assertThat(bare.getStatusCode().value()).isEqualTo(415);
        assertThat(read(bare.getBody()).get("error").asText()).contains("application/json");
        assertThat(form.getStatusCode().value()).isEqualTo(415);
        assertThat(simulator.totalCalls()).as("Salesforce not called").isEqualTo(callsBefore);
        assertThat(post("/api/mapping/test", "").getStatusCode().value()).isEqualTo(200);
        assertThat(http.postForEntity("/api/mapping/test", new HttpEntity<>(null, custom), String.class)
                .getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void pageAndApiAnswersCarryTheContentSecurityAndReferrerPolicies() {
        for (ResponseEntity<String> answer : List.of(http.getForEntity("/api/contacts", String.class),
                anonymous.getForEntity("/api/contacts", String.class), anonymous.getForEntity("/login", String.class),
                http.getForEntity("/", String.class), http.getForEntity("/contacts.js", String.class))) {
            String policy = answer.getHeaders().getFirst("Content-Security-Policy");
            assertThat(policy).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'",
                    "object-src 'none'").doesNotContain("unsafe-inline");
            assertThat(answer.getHeaders().getFirst("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(answer.getHeaders().getFirst("X-Frame-Options")).isEqualTo("DENY");
        }
    }

    @Test
    void aBrowserIsSentToTheSignInPageAndTheApiStillAnswers401() throws Exception {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> page = browser.send(request("/").build(), BodyHandlers.ofString());
        HttpResponse<String> signIn = browser.send(request("/login").build(), BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(page.headers().firstValue("Set-Cookie").orElse("")).as("no session before signing in")
                .doesNotContain("JSESSIONID");
        assertThat(signIn.statusCode()).isEqualTo(200);
        assertThat(signIn.body()).contains("<form id=\"sign-in\"", "login.js");
        assertThat(browser.send(request("/index.html").build(), BodyHandlers.ofString()).statusCode()).isEqualTo(302);
        // the page's own calls get no Basic challenge, so that no password prompt pops up
        HttpResponse<String> pageCall = browser.send(request("/api/contacts").header("X-Requested-With", "XMLHttpRequest")
                .build(), BodyHandlers.ofString());
        assertThat(pageCall.statusCode()).isEqualTo(401);
        assertThat(pageCall.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void theSignInFormOpensASessionWhoseWritesNeedTheCsrfToken() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        browser.send(request("/login").build(), BodyHandlers.discarding());
        String form = "username=alice&password=" + ALICE_PASSWORD;

        HttpResponse<String> noToken = browser.send(formPost("/login", form).build(), BodyHandlers.ofString());
        HttpResponse<String> wrong = browser.send(formPost("/login", "username=alice&password=guess")
                .header("X-XSRF-TOKEN", cookie(cookies, "XSRF-TOKEN")).build(), BodyHandlers.ofString());
        HttpResponse<String> signedIn = browser.send(formPost("/login", form)
                .header("X-XSRF-TOKEN", cookie(cookies, "XSRF-TOKEN")).build(), BodyHandlers.ofString());

        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(read(wrong.body()).get("error").asText()).isEqualTo("wrong user name or password");
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(read(signedIn.body()).get("user").asText()).isEqualTo("alice");
        assertThat(cookie(cookies, "JSESSIONID")).isNotEmpty();

        HttpResponse<String> list = browser.send(request("/api/contacts").build(), BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(browser.send(request("/").build(), BodyHandlers.ofString()).body()).contains("id=\"contacts\"");

        HttpResponse<String> forged = browser.send(jsonPost("/api/contacts", contact("Eve", "Forged", null, "Co", null))
                .build(), BodyHandlers.ofString());
        HttpResponse<String> stored = browser.send(jsonPost("/api/contacts", contact("Ada", "Lovelace", null, "Co", null))
                .header("X-XSRF-TOKEN", cookie(cookies, "XSRF-TOKEN")).build(), BodyHandlers.ofString());

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(read(forged.body()).get("error").asText()).contains("CSRF");
        assertThat(stored.statusCode()).isEqualTo(201);
        assertThat(jdbc.queryForList("select last_name from contact", String.class)).containsExactly("Lovelace");

        HttpResponse<String> signedOut = browser.send(formPost("/logout", "_csrf=" + cookie(cookies, "XSRF-TOKEN")).build(),
                BodyHandlers.ofString());
        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(signedOut.headers().firstValue("Location").orElse("")).endsWith("/login?signed-out");
        assertThat(browser.send(request("/api/contacts").build(), BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void repeatedFailedSignInsAreThrottledUntilTheWindowHasPassed(CapturedOutput log) throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(anonymous.withBasicAuth("alice", "guess-" + i).getForEntity("/api/contacts", String.class)
                    .getStatusCode().value()).isEqualTo(401);
        }

        ResponseEntity<String> right = alice().getForEntity("/api/contacts", String.class);
        HttpResponse<String> viaForm = signInWithForm("alice", ALICE_PASSWORD);

        assertThat(right.getStatusCode().value()).isEqualTo(429);
        assertThat(right.getHeaders().getFirst("Retry-After")).matches("[1-3]");
        assertThat(read(right.getBody()).get("error").asText()).matches("too many failed sign-ins, try again in [1-3] s");
        assertThat(read(right.getBody()).get("status").asInt()).isEqualTo(429);
        assertThat(viaForm.statusCode()).isEqualTo(429);
        assertThat(viaForm.headers().firstValue("Retry-After")).isPresent();
        assertThat(http.getForEntity("/api/contacts", String.class).getStatusCode().value()).as("other users go on")
                .isEqualTo(200);
        assertThat(log.getOut()).containsOnlyOnce("Sign-in throttle engaged for user 'alice'").doesNotContain("guess-");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> alice().getForEntity("/api/contacts", String.class).getStatusCode().value() == 200);
        assertThat(signInWithForm("alice", ALICE_PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void aUserSeesOnlyTheMailsOfTheirOwnPushes() {
        jdbc.update("insert into mail_outbox (kind, recipient, subject, body) values"
                + " ('push-summary', 'Alice.Seller@example.com', 'alice push', 'b'),"
                + " ('push-summary', 'bob@example.com', 'bob push', 'b'),"
                + " ('sync-digest', 'alice.seller@example.com', 'digest', 'b')");

        JsonNode hers = read(alice().getForObject("/api/mails", String.class));
        JsonNode all = read(http.getForObject("/api/mails", String.class));

        assertThat(hers.findValuesAsText("subject")).containsExactly("alice push");
        assertThat(all.findValuesAsText("subject")).containsExactly("digest", "bob push", "alice push");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    private HttpRequest.Builder formPost(String path, String form) {
        return request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    private HttpRequest.Builder jsonPost(String path, String body) {
        return request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** Signs in on the form as a browser does: the page first, then the form with the token from its cookie. */
    private HttpResponse<String> signInWithForm(String username, String password) throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        browser.send(request("/login").build(), BodyHandlers.discarding());
        return browser.send(formPost("/login", "username=" + username + "&password=" + password)
                .header("X-XSRF-TOKEN", cookie(cookies, "XSRF-TOKEN")).build(), BodyHandlers.ofString());
    }

    private static String cookie(CookieManager cookies, String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse("");
    }

    private static HttpHeaders formType() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        return headers;
    }

    static HttpEntity<String> json(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }
}
