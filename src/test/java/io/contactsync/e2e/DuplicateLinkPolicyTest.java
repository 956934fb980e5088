package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "contactsync.duplicates.policy=link")
class DuplicateLinkPolicyTest extends EndToEndTest {

    @Test
    void aContactWithAKnownEmailIsLinkedToTheExistingRecord() {
        String existing = simulator.create("Contact", Map.of("LastName", "Known", "Email", "known@example.com"));
        List<Long> ids = store("[" + contact("Known", "Again", "known@example.com", "Co", null) + ","
                + contact("Fresh", "Face", "fresh@example.com", "Co", null) + "]");

        JsonNode done = push(ids, "requester@example.com");

        assertThat(done.get("exported").asInt()).isEqualTo(2);
        JsonNode linked = export(ids.get(0));
        assertThat(linked.get("status").asText()).isEqualTo("EXPORTED");
        assertThat(linked.get("object").asText()).isEqualTo("Contact");
        assertThat(linked.get("salesforceId").asText()).isEqualTo(existing);
        assertThat(simulator.records("Lead")).hasSize(1);
        assertThat(simulator.records("Contact")).hasSize(1);
    }
}
