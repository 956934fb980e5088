package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Manual push of Leads: owner lookup, fallback, validation, Salesforce's own errors, duplicates, summary mail. */
class ManualPushTest extends EndToEndTest {

    /** One SMTP server for the class: restarting it under a send in flight can stall the sender. */
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    @org.springframework.test.context.DynamicPropertySource
    static void smtp(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("contactsync.mail.host", () -> "localhost");
        registry.add("contactsync.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @org.junit.jupiter.api.AfterEach
    void letTheOutboxDrain() {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from mail_outbox where sent_at is null", Integer.class) == 0);
    }

    @org.junit.jupiter.api.BeforeEach
    void emptyMailboxes() throws Exception {
        SMTP.purgeEmailFromAllMailboxes();
    }

    private String userId(String email) {
        return simulator.records("User").stream().filter(u -> email.equals(u.get("Email")))
                .map(u -> (String) u.get("Id")).findFirst().orElseThrow();
    }

    private Map<String, Object> lead(String id) {
        return simulator.records("Lead").stream().filter(l -> id.equals(l.get("Id"))).findFirst().orElseThrow();
    }

    @Test
    void pushesLeadsWithTheirOwnersAndMailsASummary() throws Exception {
        List<Long> ids = store("[" + String.join(",",
                contact("Ada", "Lovelace", "ada@example.com", "Engines Ltd", "alice.seller@example.com"),
                contact("Grace", "Hopper", "grace@example.com", "Navy", "nobody@example.com"),
                contact("Ina", "Former", "ina.contact@example.com", "Old Co", "ina.former@example.com")) + "]");

        JsonNode done = push(ids, "requester@example.com");

        assertThat(done.get("exported").asInt()).isEqualTo(3);
        assertThat(done.get("failed").asInt()).isZero();
        JsonNode ada = export(ids.get(0));
        assertThat(ada.get("status").asText()).isEqualTo("EXPORTED");
        assertThat(ada.get("object").asText()).isEqualTo("Lead");
        assertThat(ada.get("salesforceId").asText()).hasSize(18).startsWith("00Q");
        Map<String, Object> adaLead = lead(ada.get("salesforceId").asText());
        assertThat(adaLead).containsEntry("LastName", "Lovelace").containsEntry("Company", "Engines Ltd")
                .containsEntry("LeadSource", "contact-sync").containsEntry("Email", "ada@example.com");
        // owner found by metBy, kept despite assignment rules (Sforce-Auto-Assign: FALSE)
        assertThat(adaLead.get("OwnerId")).isEqualTo(userId("alice.seller@example.com"));
        // no User with that email, and an inactive User: the integration user owns them
        String integration = userId("integration@contactsync.local");
        assertThat(lead(export(ids.get(1)).get("salesforceId").asText()).get("OwnerId")).isEqualTo(integration);
        assertThat(lead(export(ids.get(2)).get("salesforceId").asText()).get("OwnerId")).isEqualTo(integration);

        await().atMost(Duration.ofSeconds(20)).until(() -> SMTP.getReceivedMessages().length == 1);
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("requester@example.com");
        assertThat(mail.getSubject()).contains("3 exported").contains("0 failed");
    }

    @Test
    void invalidAndRefusedContactsFailAloneWithTheirReasonAndTheMailListsThem() throws Exception {
        String tooLongTitle = "T".repeat(200);
        List<Long> ids = store("[" + String.join(",",
                contact("No", "Company", "nocompany@example.com", null, null),
                contact("Bad", "Email", "bad@example.com", "Co", null),
                contact("Long", "Title", "long@example.com", "Co", null),
                contact("Good", "One", "good@example.com", "Co", null)) + "]");
        // intake refuses both now; rows stored before it did still meet the pipeline's own checks
        jdbc.update("update contact set email = 'not-an-email' where id = ?", ids.get(1));
        jdbc.update("update contact set title = ? where id = ?", tooLongTitle, ids.get(2));

        JsonNode done = push(ids, "requester@example.com");

        assertThat(done.get("exported").asInt()).isEqualTo(1);
        assertThat(done.get("failed").asInt()).isEqualTo(3);
        assertThat(export(ids.get(0)).get("error").get("message").asText()).contains("a Lead needs a company");
        assertThat(export(ids.get(1)).get("error").get("message").asText()).contains("not-an-email");
        JsonNode refused = export(ids.get(2));
        assertThat(refused.get("status").asText()).isEqualTo("FAILED");
        // caught before sending: the record does not fit the org's Lead.Title (128 characters)
        assertThat(refused.get("error").get("code").asText()).isEqualTo("MAPPING_INVALID");
        assertThat(refused.get("error").get("message").asText()).startsWith("Lead.Title: ").endsWith("is 200 characters long; "
                + "the field takes at most 128");
        assertThat(export(ids.get(3)).get("status").asText()).isEqualTo("EXPORTED");
        assertThat(simulator.records("Lead")).hasSize(1);

        await().atMost(Duration.ofSeconds(20)).until(() -> SMTP.getReceivedMessages().length == 1);
        String text = SMTP.getReceivedMessages()[0].getContent().toString();
        assertThat(text).contains("Exported:             1").contains("Failed:               3")
                .contains("MAPPING_INVALID").contains("a Lead needs a company").contains("long@example.com");
    }

    @Test
    void duplicatesAreRejectedByTheSoqlFilterWithinTheChunkAndBySalesforceRules() {
        String existing = simulator.create("Lead", Map.of("LastName", "Known", "Company", "Co", "Email", "Known@Example.com"));
        List<Long> ids = store("[" + String.join(",",
                contact("Known", "Again", "known@example.com", "Co", null),
                contact("Twin", "One", "twin@example.com", "Co", null),
                contact("Twin", "Two", "TWIN@example.com", "Co", null)) + "]");

        JsonNode done = push(ids, "requester@example.com");

        assertThat(done.get("duplicates").asInt()).isEqualTo(2);
        assertThat(done.get("exported").asInt()).isEqualTo(1);
        JsonNode known = export(ids.get(0));
        assertThat(known.get("status").asText()).isEqualTo("DUPLICATE");
        assertThat(known.get("salesforceId").asText()).isEqualTo(existing);
        assertThat(known.get("error").get("message").asText()).contains(existing);
        assertThat(export(ids.get(2)).get("status").asText()).isEqualTo("DUPLICATE");
        assertThat(simulator.records("Lead")).hasSize(2);
    }

    @Test
    void aConvertedLeadIsNoDuplicateButItsContactIs() {
        simulator.create("Lead", Map.of("LastName", "Converted", "Company", "Co", "Email", "conv@example.com",
                "IsConverted", true));
        String contactId = simulator.create("Contact", Map.of("LastName", "Converted", "Email", "conv@example.com"));
        List<Long> ids = store("[" + contact("Conv", "Erted", "conv@example.com", "Co", null) + "]");

        push(ids, "requester@example.com");

        JsonNode state = export(ids.get(0));
        assertThat(state.get("status").asText()).isEqualTo("DUPLICATE");
        assertThat(state.get("object").asText()).isEqualTo("Contact");
        assertThat(state.get("salesforceId").asText()).isEqualTo(contactId);
    }

    @Test
    void exportedContactsAreSkippedAndFailedOnesRetriedOnTheNextPush() {
        List<Long> ids = store("[" + String.join(",",
                contact("Once", "Only", "once@example.com", "Co", null),
                contact("Later", "Fixed", "later@example.com", null, null)) + "]");
        push(ids, "requester@example.com");

        JsonNode second = push(ids, "requester@example.com");

        assertThat(second.get("skipped").asInt()).isEqualTo(1);
        assertThat(second.get("failed").asInt()).isEqualTo(1);
        assertThat(export(ids.get(1)).get("attempts").asInt()).isEqualTo(2);
        assertThat(simulator.records("Lead")).hasSize(1);
    }
}
