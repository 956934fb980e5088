package io.contactsync.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.e2e.EndToEndTest;
import io.contactsync.security.Caller;
import io.contactsync.web.RequestReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The settings an admin changes at run time (GET/PUT /api/settings, the audit): checked, stored in
 * PostgreSQL, audited, and read by the routes and beans without a restart, also when another instance
 * sharing the database made the change. The test schedule fires every 2 s (application-test.yaml).
 */
class SettingsTest extends EndToEndTest {

    @Autowired
    SyncSettings settings;
    @Autowired
    ContactSyncProperties properties;
    @Autowired
    NamedParameterJdbcTemplate named;
    @Autowired
    RequestReader reader;
    @Autowired
    Flyway flyway;
    @Autowired
    PlatformTransactionManager transactions;

    /** Every setting back to its configured value: the database is shared with the other test classes. */
    @AfterEach
    void configuredValuesAgain() {
        ResponseEntity<String> reset = put(http, """
                {"contactsync.sync.mode": null, "contactsync.sync.target": null, "contactsync.duplicates.policy": null,
                 "contactsync.owner.fallback": null, "contactsync.rights.users-can-push": null, "contactsync.activities.types": null}""");
        assertThat(reset.getStatusCode().value()).as(reset.getBody()).isEqualTo(200);
    }

    private ResponseEntity<String> put(TestRestTemplate as, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return as.exchange("/api/settings", HttpMethod.PUT, new HttpEntity<>(body, headers), String.class);
    }

    private JsonNode setting(JsonNode view, String key) {
        for (JsonNode s : view.get("settings")) {
            if (s.get("key").asText().equals(key)) {
                return s;
            }
        }
        throw new AssertionError("no setting " + key + " in " + view);
    }

    @Test
    void readsChecksStoresAndAuditsEachChange() {
        JsonNode before = get("/api/settings");
        JsonNode mode = setting(before, SyncSettings.MODE);
        assertThat(mode.get("value").asText()).isEqualTo("manual");
        assertThat(mode.get("source").asText()).isEqualTo("configuration");
        assertThat(mode.get("allowed")).extracting(JsonNode::asText).containsExactly("automatic", "manual");
        assertThat(setting(before, SyncSettings.ACTIVITY_TYPES).get("value")).hasSize(9);
        assertThat(setting(before, SyncSettings.USERS_CAN_PUSH).get("value").isBoolean()).isTrue();
        assertThat(before.get("cacheSeconds").asInt()).isEqualTo(5);

        TestRestTemplate alice = anonymous.withBasicAuth("alice", ALICE_PASSWORD);
        assertThat(alice.getForEntity("/api/settings", String.class).getStatusCode().value()).isEqualTo(200);
        assertThat(put(alice, "{\"contactsync.sync.mode\": \"automatic\"}").getStatusCode().value()).isEqualTo(403);
        assertThat(alice.getForEntity("/api/settings/audit", String.class).getStatusCode().value()).isEqualTo(403);

        ResponseEntity<String> unknown = put(http, "{\"contactsync.sync.mood\": \"automatic\"}");
        assertThat(unknown.getStatusCode().value()).isEqualTo(400);
        assertThat(read(unknown.getBody()).get("field").asText()).isEqualTo("contactsync.sync.mood");
        assertThat(read(unknown.getBody()).get("error").asText()).contains("unknown setting", "contactsync.sync.mode");
        // one bad value refuses the whole change: the valid mode beside it is not stored either
        ResponseEntity<String> bad = put(http, "{\"contactsync.sync.mode\": \"automatic\", \"contactsync.sync.target\": \"Account\"}");
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(read(bad.getBody()).get("error").asText())
                .isEqualTo("contactsync.sync.target must be Lead or Contact or ContactWithAccount, got 'Account'");
        assertThat(put(http, "{\"contactsync.rights.users-can-push\": \"yes\"}").getStatusCode().value()).isEqualTo(400);
        ResponseEntity<String> badType = put(http, "{\"contactsync.activities.types\": [\"meeting\", \"fax\"]}");
        assertThat(badType.getStatusCode().value()).isEqualTo(400);
        assertThat(read(badType.getBody()).get("error").asText()).contains("unknown value 'fax'");
        assertThat(put(http, "[]").getStatusCode().value()).isEqualTo(400);
        assertThat(put(http, "{}").getStatusCode().value()).isEqualTo(400);
        assertThat(jdbc.queryForObject("select count(*) from setting", Integer.class)).isZero();

        ResponseEntity<String> changed = put(http, """
                {"contactsync.sync.target": "Contact", "contactsync.rights.users-can-push": true,
                 "contactsync.activities.types": "meeting, call", "contactsync.duplicates.policy": "reject"}""");
        assertThat(changed.getStatusCode().value()).as(changed.getBody()).isEqualTo(200);
        JsonNode after = read(changed.getBody());
        // reject is the configured policy: stored, but no change to audit
        assertThat(after.get("changed")).extracting(JsonNode::asText)
                .containsExactly(SyncSettings.TARGET, SyncSettings.USERS_CAN_PUSH, SyncSettings.ACTIVITY_TYPES);
        JsonNode target = setting(after, SyncSettings.TARGET);
        assertThat(target.get("value").asText()).isEqualTo("Contact");
        assertThat(target.get("configured").asText()).isEqualTo("Lead");
        assertThat(target.get("source").asText()).isEqualTo("stored");
        assertThat(target.get("updatedBy").asText()).isEqualTo("admin");
        assertThat(setting(after, SyncSettings.ACTIVITY_TYPES).get("value")).extracting(JsonNode::asText)
                .containsExactly("meeting", "call");

        JsonNode audit = get("/api/settings/audit?limit=3");
        assertThat(audit).hasSize(3);
        assertThat(audit).extracting(a -> a.get("key").asText()).containsExactlyInAnyOrder(
                SyncSettings.TARGET, SyncSettings.USERS_CAN_PUSH, SyncSettings.ACTIVITY_TYPES);
        JsonNode targetChange = audit.findParents("key").stream()
                .filter(a -> a.get("key").asText().equals(SyncSettings.TARGET)).findFirst().orElseThrow();
        assertThat(targetChange.get("changedBy").asText()).isEqualTo("admin");
        assertThat(targetChange.get("oldValue").asText()).isEqualTo("Lead");
        assertThat(targetChange.get("newValue").asText()).isEqualTo("Contact");
        assertThat(targetChange.get("changedAt").asText()).isNotBlank();

        // the beans read them at once: a user may push now, and a push goes to Contact
        List<Long> ids = store("[" + contact("Mine", "One", "mine@example.com", "Co", "alice.seller@example.com") + "]");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> preview = alice.postForEntity("/api/pushes", new HttpEntity<>(toJson(Map.of("contactIds", ids,
                "requestedBy", "alice.seller@example.com", "dryRun", true)), headers), String.class);
        assertThat(preview.getStatusCode().value()).as(preview.getBody()).isEqualTo(200);
        assertThat(read(preview.getBody()).get("target").asText()).isEqualTo("Contact");
        ResponseEntity<String> activities = post("/api/contacts/" + ids.get(0) + "/activities", """
                [{"externalId": "m1", "type": "meeting", "occurredAt": "2026-01-05T10:00:00Z", "subject": "Met"},
                 {"externalId": "n1", "type": "note", "occurredAt": "2026-01-05T11:00:00Z", "subject": "Noted"}]""");
        assertThat(activities.getStatusCode().value()).as(activities.getBody()).isEqualTo(201);
        assertThat(jdbc.queryForList("select a.type || ':' || e.status from activity a join activity_export e "
                + "on e.activity_id = a.id where a.contact_id = ? order by a.type", String.class, ids.get(0)))
                .containsExactly("meeting:PENDING", "note:SKIPPED");

        // null: back to the configured value, audited as such
        ResponseEntity<String> back = put(http, "{\"contactsync.sync.target\": null}");
        assertThat(setting(read(back.getBody()), SyncSettings.TARGET).get("source").asText()).isEqualTo("configuration");
        JsonNode last = get("/api/settings/audit?limit=1").get(0);
        assertThat(last.get("oldValue").asText() + " -> " + last.get("newValue").asText()).isEqualTo("Contact -> Lead");
        assertThat(http.getForEntity("/api/settings/audit?limit=many", String.class).getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void manualToAutomaticOnAnotherInstanceTakesEffectWithinOneSchedulePeriodWithoutARestart() {
        long before = store("[" + contact("Early", "Bird", "early@example.com", "Co", null) + "]").get(0);
        // this instance has read the mode lately: the cache holds manual
        assertThat(settings.mode()).isEqualTo("manual");

        // another instance sharing the database: its own settings bean, its own cache
        SyncSettings otherInstance = new SyncSettings(properties, named, reader, List.of(), Duration.ofSeconds(5), flyway);
        new TransactionTemplate(transactions).executeWithoutResult(tx -> otherInstance.update(
                "{\"contactsync.sync.mode\": \"automatic\"}", new Caller("ops", "ops@example.com", true)));
        long changedAt = System.nanoTime();
        long after = store("[" + contact("Late", "Comer", "late@example.com", "Co", null) + "]").get(0);

        // at most the cache's 5 s until this instance sees it, then one schedule period (2 s)
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> "EXPORTED".equals(export(after).get("status").asText()));
        long tookMs = (System.nanoTime() - changedAt) / 1_000_000;
        System.out.printf("manual -> automatic on another instance: contact exported %d ms after the change%n", tookMs);
        assertThat(settings.mode()).isEqualTo("automatic");
        // contacts from before automatic mode wait for a manual push, as after a start in automatic mode
        assertThat(export(before).get("status").asText()).isEqualTo("PENDING");

        JsonNode change = get("/api/settings/audit?limit=1").get(0);
        assertThat(change.get("key").asText()).isEqualTo(SyncSettings.MODE);
        assertThat(change.get("changedBy").asText()).isEqualTo("ops");
        assertThat(change.get("oldValue").asText()).isEqualTo("manual");
        assertThat(change.get("newValue").asText()).isEqualTo("automatic");

        // and back to manual here: at once on this instance, nothing more is pushed
        put(http, "{\"contactsync.sync.mode\": \"manual\"}");
        long manual = store("[" + contact("Back", "Tomanual", "back@example.com", "Co", null) + "]").get(0);
        await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .until(() -> "PENDING".equals(export(manual).get("status").asText()));
        assertThat(jdbc.queryForObject("select count(*) from app_state where key = 'automatic_since'", Integer.class)).isZero();
    }
}
