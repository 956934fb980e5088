package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "contactsync.duplicates.policy=update")
class DuplicateUpdatePolicyTest extends EndToEndTest {

    @Test
    void fieldsThatMayOverrideAreWrittenIntoTheExistingRecord() {
        String existing = simulator.create("Lead", Map.of("LastName", "Known", "FirstName", "Kept", "Company", "Co",
                "Email", "known@example.com", "Title", "Old title"));
        List<Long> ids = store("[" + contact("Changed", "Name", "known@example.com", "Other Co", null) + "]");

        push(ids, "requester@example.com");

        assertThat(export(ids.get(0)).get("status").asText()).isEqualTo("EXPORTED");
        assertThat(export(ids.get(0)).get("salesforceId").asText()).isEqualTo(existing);
        Map<String, Object> lead = simulator.records("Lead").stream().filter(l -> existing.equals(l.get("Id")))
                .findFirst().orElseThrow();
        // title and phone may override; names and company may not
        assertThat(lead).containsEntry("Title", "Buyer").containsEntry("Phone", "+49 30 555 0101")
                .containsEntry("FirstName", "Kept").containsEntry("Company", "Co");
        assertThat(simulator.records("Lead")).hasSize(1);
    }
}
