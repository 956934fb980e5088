package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Automatic mode: new contacts are pushed promptly; contacts from before automatic mode wait for a manual push. */
@TestPropertySource(properties = {"contactsync.sync.mode=automatic", "contactsync.sync.target=Contact",
        "contactsync.mail.admins=admin@example.com"})
class AutomaticSyncTest extends EndToEndTest {

    @Test
    void newContactsArePushedWithoutAnyoneAsking() {
        List<Long> ids = store("[" + contact("Auto", "Matic", "auto@example.com", null, "bob.closer@example.com") + ","
                + contact(null, null, "nameless@example.com", null, null) + "]");

        await().atMost(Duration.ofSeconds(20)).until(() -> !"PENDING".equals(export(ids.get(0)).get("status").asText())
                && !"EXPORTING".equals(export(ids.get(0)).get("status").asText()));

        assertThat(export(ids.get(0)).get("status").asText()).isEqualTo("EXPORTED");
        assertThat(export(ids.get(0)).get("object").asText()).isEqualTo("Contact");
        assertThat(simulator.records("Contact")).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("Email", "auto@example.com"));
    }

    @Test
    void failuresOfAutomaticSyncReachTheAdminsInADigest() {
        List<Long> ids = store("{\"email\": \"nameless@example.com\"}");

        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(export(ids.get(0)).get("status").asText()));
        await().atMost(Duration.ofSeconds(20)).until(() -> digestsNaming("nameless@example.com") == 1);

        String body = jdbc.queryForObject("select body from mail_outbox where kind = 'sync-digest' and body like '%nameless@example.com%'",
                String.class);
        assertThat(body).contains("nameless@example.com").contains("needs a first or last name");
        assertThat(jdbc.queryForObject("select recipient from mail_outbox where kind = 'sync-digest' and body like '%nameless@example.com%'",
                String.class)).isEqualTo("admin@example.com");
    }

    @Test
    void activitiesSalesforceRefusesReachTheAdminsInADigestOnce() {
        List<Long> ids = store(contact("Act", "Ivity", "activity-digest@example.com", null, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> "EXPORTED".equals(export(ids.get(0)).get("status").asText()));

        simulator.failNext(1, "INVALID_CROSS_REFERENCE_KEY");
        post("/api/contacts/" + ids.get(0) + "/activities", """
                {"externalId": "digest-1", "type": "call", "occurredAt": "2026-02-01T12:00:00Z", "subject": "Refused call"}""");

        await().atMost(Duration.ofSeconds(30)).until(() -> digestsNaming("Refused call") == 1);
        String body = jdbc.queryForObject("select body from mail_outbox where kind = 'sync-digest' and body like '%Refused call%'",
                String.class);
        assertThat(body).contains("1 activities could not be logged", "activity-digest@example.com", "| call | Refused call |",
                "INVALID_CROSS_REFERENCE_KEY");
        assertThat(jdbc.queryForObject("select count(*) from activity_export where digest_pending", Integer.class)).isZero();
        // named once: the next digest rounds find nothing more of it
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> digestsNaming("Refused call") == 1);
    }

    private int digestsNaming(String text) {
        return jdbc.queryForObject("select count(*) from mail_outbox where kind = 'sync-digest' and body like ?", Integer.class,
                "%" + text + "%");
    }

    @Test
    void contactsFromBeforeAutomaticModeAreLeftForAManualPush() {
        jdbc.update("insert into contact (first_name, last_name, email, created_at) values ('Old', 'Timer', 'old@example.com', now() - interval '1 day')");
        long oldId = jdbc.queryForObject("select id from contact where email = 'old@example.com'", Long.class);
        jdbc.update("insert into export_state (contact_id) values (?)", oldId);
        List<Long> fresh = store(contact("New", "Comer", "new@example.com", null, null));

        await().atMost(Duration.ofSeconds(20)).until(() -> "EXPORTED".equals(export(fresh.get(0)).get("status").asText()));
        // it stays pending through more than one schedule period
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .until(() -> "PENDING".equals(export(oldId).get("status").asText()));
    }
}
