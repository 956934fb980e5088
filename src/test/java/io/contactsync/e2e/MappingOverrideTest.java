package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Duplicate policy update: fields with override replace values, the others only fill empty ones. */
@TestPropertySource(properties = "contactsync.duplicates.policy=update")
class MappingOverrideTest extends EndToEndTest {

    @Test
    void overrideFieldsReplaceValuesAndTheOthersOnlyFillEmptyOnes() {
        String existing = simulator.create("Lead", Map.of("LastName", "Known", "FirstName", "Kept", "Company", "Co",
                "Email", "known@example.com", "Title", "Old title", "City", "Hamburg"));
        List<Long> ids = store("[" + """
                {"firstName": "Changed", "lastName": "Name", "email": "known@example.com", "company": "Other Co",
                 "title": "Buyer", "city": "Berlin", "notes": "met at the fair", "phoneMobile": "+49 170 555 0101",
                 "leadScore": 75, "metOn": "2026-11-03"}
                """ + "]");

        push(ids, "requester@example.com");

        assertThat(export(ids.get(0)).get("salesforceId").asText()).isEqualTo(existing);
        Map<String, Object> lead = simulator.records("Lead").stream().filter(l -> existing.equals(l.get("Id")))
                .findFirst().orElseThrow();
        assertThat(lead)
                // override: true
                .containsEntry("Title", "Buyer").containsEntry("City", "Berlin").containsEntry("LeadScore__c", 75.0)
                // no override: kept where set, filled where empty
                .containsEntry("FirstName", "Kept").containsEntry("LastName", "Known").containsEntry("Company", "Co")
                .containsEntry("Description", "met at the fair").containsEntry("MetOn__c", "2026-11-03")
                .containsEntry("Routing__c", "mobile");
        assertThat(simulator.records("Lead")).hasSize(1);
    }
}
