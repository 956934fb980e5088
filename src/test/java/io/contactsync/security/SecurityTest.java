package io.contactsync.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.e2e.EndToEndTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The API needs a user; health is open with details for admins only; only admins push by default. */
@AutoConfigureObservability(tracing = false)
class SecurityTest extends EndToEndTest {

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
        assertThat(anonymous.getForEntity("/", String.class).getStatusCode().value()).isEqualTo(401);
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
        // a call without a body (test mapping) needs no content type
        assertThat(http.postForEntity("/api/mapping/test", null, String.class).getStatusCode().value()).isEqualTo(200);
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

    static HttpEntity<String> json(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }
}
