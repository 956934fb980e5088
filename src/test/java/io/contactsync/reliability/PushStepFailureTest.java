package io.contactsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.sync.ExportStore;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A failure at any step of a manual push (push-run, sync-chunk and the steps under it) settles the
 * contacts it hits and the push finishes: nothing stays EXPORTING. A bad single record fails alone.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {"contactsync.sync.chunk-size=2", "contactsync.retry.later.delay=1s",
        "contactsync.sync.stale-claim-age=3s", "contactsync.sync.claim-check-interval=500ms"})
class PushStepFailureTest extends InjectedFailureTest {

    @Autowired
    private ExportStore exportStore;

    @BeforeEach
    void weaveSteps() throws Exception {
        weave("push-run", "push-chunk", "push-close");
        weave("sync-chunk", "chunk-at-work", "prepare", "deliver", "record-status");
        weave("sync-prepare", "mapping-checked", "validate", "lookups", "owner-lookup", "duplicate-filter", "map-records");
        weave("sync-deliver", "link-existing", "creates", "settle-same-email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"push-chunk", "push-close", "chunk-at-work", "prepare", "deliver",
            "record-status", "mapping-checked", "validate", "lookups", "owner-lookup", "duplicate-filter", "map-records",
            "link-existing", "creates", "settle-same-email"})
    void aFailureAtAnyStepSettlesEveryContactAndThePushFinishes(String step) {
        List<Long> ids = contacts("step", 5);
        failAt(step, new IllegalStateException("injected failure at " + step));

        JsonNode done = push(ids, "requester@example.com");

        assertThat(hits()).isPositive();
        awaitNothingExporting();
        assertThat(done.get("pending").asInt()).isZero();
        assertThat(done.get("exported").asInt() + done.get("failed").asInt()).isEqualTo(5);
        assertThat(count("status in ('EXPORTED', 'FAILED')")).isEqualTo(5);
        assertFailuresSayWhy();
        jdbc.queryForList("select error_message from export_state where status = 'FAILED'", String.class)
                .forEach(message -> assertThat(message).contains("injected failure at " + step));
        assertOneLeadPerExportedContact();
    }

    @Test
    void aPassingFaultFailsTheContactsOnlyAfterTheirBudgetAndTheyAreSentAgainLater() {
        List<Long> ids = contacts("passing", 3);
        failAt("deliver", new IOException("connection reset"));

        JsonNode done = push(ids, "requester@example.com");

        assertThat(done.get("failed").asInt()).isEqualTo(3);
        JsonNode state = export(ids.get(0));
        assertThat(state.get("status").asText()).isEqualTo("FAILED");
        assertThat(state.get("error").get("code").asText()).isEqualTo("SALESFORCE_UNREACHABLE");
        assertThat(state.get("error").get("message").asText()).isEqualTo("Salesforce could not be reached: connection reset");
        // the first try and contactsync.retry.max-redeliveries (4) more
        assertThat(state.get("attempts").asInt()).isEqualTo(5);
        assertThat(hits()).isEqualTo(2 * 5);

        noFailure();

        await().atMost(Duration.ofSeconds(20)).until(() -> count("status = 'EXPORTED'") == 3);
        assertThat(export(ids.get(0)).get("attempts").asInt()).isEqualTo(6);
        assertOneLeadPerExportedContact();
    }

    @Test
    void aPermanentFailureIsNotSentAgainLater() throws Exception {
        List<Long> ids = contacts("permanent", 2);
        failAt("deliver", new IllegalStateException("no way"));

        push(ids, "requester@example.com");
        noFailure();
        Thread.sleep(3_000);

        assertThat(count("status = 'FAILED' and retry_at is null")).isEqualTo(2);
        assertThat(export(ids.get(0)).get("attempts").asInt()).isEqualTo(1);
        assertThat(export(ids.get(0)).get("error").get("message").asText())
                .isEqualTo("contact-sync could not process the contact: no way");
    }

    @Test
    void aClaimNoChunkWorksOnIsNotRefreshedAndGoesBackToPending() {
        List<Long> ids = contacts("orphan", 1);
        // claimed by this instance, as a run that died before its chunks started would leave it
        jdbc.update("update export_state set status = 'EXPORTING', claimed_by = ?, claimed_at = now() where contact_id = ?",
                exportStore.instance(), ids.get(0));

        await().atMost(Duration.ofSeconds(10)).until(() -> count("status = 'PENDING'") == 1);

        assertThat(export(ids.get(0)).get("error").get("code").asText()).isEqualTo("INTERRUPTED");
    }

    @Test
    void aMetByTooLongForAnyUserFailsThatContactAloneAndTheOtherIsExported() {
        List<Long> ids = store("[" + String.join(",",
                contact("Long", "Owner", "longowner@example.com", "Co", "long.seller@example.com"),
                contact("Good", "Owner", "goodowner@example.com", "Co", "new.seller@example.com")) + "]");
        // intake refuses it now; a row stored before it did still meets the pipeline's own check
        jdbc.update("update contact set met_by = ? where id = ?", "a".repeat(5_988) + "@example.com", ids.get(0));

        JsonNode done = push(ids, "requester@example.com");

        assertThat(done.get("failed").asInt()).isEqualTo(1);
        assertThat(done.get("exported").asInt()).isEqualTo(1);
        JsonNode bad = export(ids.get(0));
        assertThat(bad.get("error").get("code").asText()).isEqualTo("INVALID_CONTACT");
        assertThat(bad.get("error").get("message").asText()).contains("is 6000 characters long")
                .contains("no Salesforce User's email is longer than 128");
        assertThat(export(ids.get(1)).get("status").asText()).isEqualTo("EXPORTED");
        assertThat(count("status = 'EXPORTING'")).isZero();
    }

    @Test
    void anEmailTooLongFailsThatContactAloneWithAReasonAPersonReads() {
        StringBuilder six = new StringBuilder("[");
        for (int i = 0; i < 6; i++) {
            six.append(i == 0 ? "" : ",").append(contact("Six", "Contact" + i, "six" + i + "@example.com", "Co", null));
        }
        List<Long> ids = store(six.append("]").toString());
        // intake refuses it now; a row stored before it did still meets the pipeline's own check
        jdbc.update("update contact set email = ? where id = ?", "b".repeat(5_988) + "@example.com", ids.get(3));

        JsonNode done = push(ids, "requester@example.com");

        assertThat(done.get("exported").asInt()).isEqualTo(5);
        assertThat(done.get("failed").asInt()).isEqualTo(1);
        JsonNode bad = export(ids.get(3));
        assertThat(bad.get("status").asText()).isEqualTo("FAILED");
        assertThat(bad.get("error").get("message").asText())
                .isEqualTo("email 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb…' is 6000 characters long; "
                        + "Salesforce's Email field takes at most 80");
        assertFailuresSayWhy();
    }
}
