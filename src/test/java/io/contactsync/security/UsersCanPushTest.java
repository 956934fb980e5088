package io.contactsync.security;

import static io.contactsync.security.SecurityTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.contactsync.e2e.EndToEndTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/** With contactsync.rights.users-can-push a user pushes the contacts they met, and only those. */
@TestPropertySource(properties = "contactsync.rights.users-can-push=true")
class UsersCanPushTest extends EndToEndTest {

    @Test
    void aUserPushesOnlyTheContactsTheyMet() {
        List<Long> ids = store("[" + String.join(",",
                contact("Mine", "One", "mine@example.com", "Co", "Alice.Seller@example.com"),
                contact("Bobs", "Two", "bobs@example.com", "Co", "bob.closer@example.com"),
                contact("Nobodys", "Three", "nobodys@example.com", "Co", null)) + "]");
        TestRestTemplate alice = anonymous.withBasicAuth("alice", ALICE_PASSWORD);

        ResponseEntity<String> refused = alice.postForEntity("/api/pushes",
                json(toJson(Map.of("contactIds", ids, "requestedBy", "alice.seller@example.com"))), String.class);
        ResponseEntity<String> accepted = alice.postForEntity("/api/pushes",
                json(toJson(Map.of("contactIds", List.of(ids.get(0)), "requestedBy", "alice.seller@example.com"))), String.class);

        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(read(refused.getBody()).get("error").asText()).contains("[" + ids.get(1) + ", " + ids.get(2) + "]");
        assertThat(accepted.getStatusCode().value()).isEqualTo(202);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> "EXPORTED".equals(export(ids.get(0)).get("status").asText()));
        assertThat(export(ids.get(1)).get("status").asText()).isEqualTo("PENDING");
        assertThat(simulator.records("Lead")).hasSize(1);
    }
}
