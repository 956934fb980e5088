package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** POST /api/pushes with dryRun: per contact what a push would do; nothing written anywhere. */
class PushPreviewTest extends EndToEndTest {

    @Test
    void previewTellsPerContactWhatAPushWouldDoWithoutWriting() {
        String existing = simulator.create("Lead", Map.of("LastName", "Known", "Company", "Co", "Email", "known@example.com"));
        List<Long> exported = store("[" + contact("Early", "Bird", "early@example.com", "Worms Inc", null) + "]");
        push(exported, "requester@example.com");
        List<Long> ids = store("[" + String.join(",",
                """
                {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com", "company": "Engines Ltd",
                 "phoneMobile": "+44 7700 900123", "leadScore": 90, "metOn": "2026-11-03",
                 "metBy": "alice.seller@example.com", "custom": {"Routing__c": "ignored: the condition wins"}}
                """,
                contact("No", "Company", "nocompany@example.com", null, null),
                contact("Known", "Again", "KNOWN@example.com", "Co", null),
                contact("Too", "Long", "long@example.com", "Co", null)) + "]");
        tooLongTitle(ids.get(3));
        int leadsBefore = simulator.records("Lead").size();
        simulator.resetCounters();

        List<Long> asked = List.of(ids.get(0), ids.get(1), ids.get(2), ids.get(3), exported.get(0));
        ResponseEntity<String> answer = post("/api/pushes", toJson(Map.of("contactIds", asked,
                "requestedBy", "requester@example.com", "dryRun", true)));

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        JsonNode preview = read(answer.getBody());
        assertThat(preview.get("dryRun").asBoolean()).isTrue();
        assertThat(preview.get("total").asInt()).isEqualTo(5);
        JsonNode contacts = preview.get("contacts");
        assertThat(contacts).extracting(c -> c.get("contactId").asLong()).containsExactlyElementsOf(asked);

        JsonNode create = contacts.get(0);
        assertThat(create.get("action").asText()).isEqualTo("create");
        assertThat(create.get("object").asText()).isEqualTo("Lead");
        assertThat(create.get("fields").get("Company").asText()).isEqualTo("Engines Ltd");
        assertThat(create.get("fields").get("LeadSource").asText()).isEqualTo("contact-sync");
        assertThat(create.get("fields").get("Routing__c").asText()).isEqualTo("mobile");
        assertThat(create.get("fields").get("LeadScore__c").asInt()).isEqualTo(90);
        assertThat(create.get("fields").get("MetOn__c").asText()).isEqualTo("2026-11-03");
        assertThat(create.get("fields").get("OwnerId").asText()).startsWith("005");

        assertThat(contacts.get(1).get("action").asText()).isEqualTo("fail");
        assertThat(contacts.get(1).get("reason").asText()).isEqualTo("a Lead needs a company");
        assertThat(contacts.get(2).get("action").asText()).isEqualTo("duplicate");
        assertThat(contacts.get(2).get("salesforceId").asText()).isEqualTo(existing);
        assertThat(contacts.get(3).get("action").asText()).isEqualTo("fail");
        assertThat(contacts.get(3).get("code").asText()).isEqualTo("MAPPING_INVALID");
        assertThat(contacts.get(3).get("reason").asText()).isEqualTo("Lead.Title: '" + "x".repeat(37) + "…' is "
                + "130 characters long; the field takes at most 128");
        assertThat(contacts.get(4).get("action").asText()).isEqualTo("skip");
        assertThat(contacts.get(4).get("reason").asText()).startsWith("already exported as Lead 00Q");
        assertThat(preview.get("actions").toString()).isEqualTo("{\"create\":1,\"duplicate\":1,\"fail\":2,\"skip\":1}");

        assertThat(simulator.records("Lead")).hasSize(leadsBefore);
        // the preview's queries go out as Composite query subrequests; no write is among the calls
        assertThat(simulator.callCounts().keySet()).allMatch(call -> call.equals("composite") || call.equals("queryMore"));
        assertThat(jdbc.queryForList("select status from export_state where contact_id = any(?)", String.class,
                (Object) ids.toArray(Long[]::new))).containsOnly("PENDING");
        assertThat(jdbc.queryForObject("select count(*) from push", Integer.class)).isEqualTo(1);
    }

    @Test
    void recordThatDoesNotFitTheOrgFailsWithTheReasonAndIsNeverSent() {
        List<Long> ids = store("[" + String.join(",",
                contact("Too", "Long", "long@example.com", "Co", null),
                """
                {"lastName": "Score", "email": "score@example.com", "company": "Co", "leadScore": 1000,
                 "custom": {"Favourite__c": "blue"}}
                """,
                contact("Fine", "Fellow", "fine@example.com", "Co", null)) + "]");
        tooLongTitle(ids.get(0));

        JsonNode progress = push(ids, "requester@example.com");

        assertThat(progress.get("exported").asInt()).isEqualTo(1);
        assertThat(progress.get("failed").asInt()).isEqualTo(2);
        assertThat(export(ids.get(0)).get("error").get("code").asText()).isEqualTo("MAPPING_INVALID");
        assertThat(export(ids.get(0)).get("error").get("message").asText()).contains("Lead.Title:", "130 characters long");
        assertThat(export(ids.get(1)).get("error").get("message").asText()).isEqualTo("Lead.LeadScore__c: 1000 does not fit the field "
                + "(double(3,0), at most 3 digits before the decimal point); Lead.Favourite__c: the org has no such field");
        assertThat(simulator.records("Lead")).singleElement().satisfies(l -> assertThat(l).containsEntry("Email", "fine@example.com"));
    }

    /** Intake refuses a title over 128 characters now; a row stored before it did still meets the mapping's check. */
    private void tooLongTitle(long contactId) {
        jdbc.update("update contact set title = ? where id = ?", "x".repeat(130), contactId);
    }
}
