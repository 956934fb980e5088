package io.contactsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.e2e.EndToEndTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * Salesforce's bad days, injected with the simulator's knobs: passing faults are retried and
 * nothing is lost or created twice, permanent errors are not retried, an expired token costs a
 * re-login only, a failing login pauses everything and tells the admins once.
 */
@TestPropertySource(properties = "contactsync.mail.admins=ops@example.com")
class FaultInjectionTest extends EndToEndTest {

    @AfterEach
    void calmDown() {
        simulator.settings().setFaultRate(0);
        simulator.settings().setLockRowRate(0);
        simulator.settings().setLoginBlocked(false);
        simulator.failNext(0, "503");
        simulator.failNext(0, "UNABLE_TO_LOCK_ROW");
    }

    private List<Long> contacts(String prefix, int n) {
        List<String> json = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            json.add(contact("F" + i, prefix + i, prefix + i + "@example.com", "Co", null));
        }
        return store("[" + String.join(",", json) + "]");
    }

    private void assertOneLeadPerContact(int n) {
        List<Map<String, Object>> leads = simulator.records("Lead");
        Set<Object> emails = leads.stream().map(l -> l.get("Email")).collect(Collectors.toSet());
        assertThat(leads).hasSize(n);
        assertThat(emails).hasSize(n);
    }

    @Test
    void passing503sAreRetriedAndEveryContactIsExportedOnce() {
        List<Long> ids = contacts("unavailable", 50);
        simulator.failNext(3, "503");

        JsonNode done = push(ids, "requester@example.com");

        assertThat(done.get("exported").asInt()).isEqualTo(50);
        assertOneLeadPerContact(50);
    }

    @Test
    void lockedRowsAreSentAgainAloneAndTheRestIsNotDuplicated() {
        List<Long> ids = contacts("locked", 30);
        simulator.failNext(4, "UNABLE_TO_LOCK_ROW");

        JsonNode done = push(ids, "requester@example.com");

        assertThat(done.get("exported").asInt()).isEqualTo(30);
        assertOneLeadPerContact(30);
        // one Composite call for the lookups, one with the upsert of all 30, one more with the 4 locked ones
        assertThat(simulator.callCounts().get("composite")).isEqualTo(3);
    }

    @Test
    void aFaultThatDoesNotPassFailsTheContactsWithTheLastReasonAfterTheConfiguredAttempts() {
        List<Long> ids = contacts("down", 5);
        simulator.settings().setFaultRate(1.0);

        JsonNode done = push(ids, "requester@example.com");

        assertThat(done.get("failed").asInt()).isEqualTo(5);
        JsonNode state = export(ids.get(0));
        assertThat(state.get("status").asText()).isEqualTo("FAILED");
        assertThat(state.get("error").get("code").asText()).isEqualTo("SERVER_UNAVAILABLE");
        // first attempt + contactsync.retry.max-redeliveries (4); the login is not a data call
        assertThat(simulator.totalCalls() - simulator.callCounts().getOrDefault("token", 0L)).isEqualTo(5);
        assertThat(simulator.records("Lead")).isEmpty();
    }

    @Test
    void permanentErrorsAreNotRetried() {
        List<Long> ids = contacts("refused", 10);
        simulator.failNext(2, "INVALID_FIELD_FOR_INSERT_UPDATE");

        JsonNode done = push(ids, "requester@example.com");

        assertThat(done.get("failed").asInt()).isEqualTo(2);
        assertThat(done.get("exported").asInt()).isEqualTo(8);
        JsonNode state = export(ids.get(0));
        assertThat(state.get("status").asText()).isEqualTo("FAILED");
        assertThat(state.get("error").get("code").asText()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        // the lookups and the upsert, each one Composite call; no retry
        assertThat(simulator.callCounts().get("composite")).isEqualTo(2);
        assertThat(simulator.records("Lead")).hasSize(8);
    }

    @Test
    void anExpiredTokenCostsOneLoginAndNoContact() {
        push(contacts("before", 2), "requester@example.com");
        long logins = simulator.callCounts().getOrDefault("token", 0L);
        simulator.revokeTokens();

        JsonNode done = push(contacts("after", 20), "requester@example.com");

        assertThat(done.get("exported").asInt()).isEqualTo(20);
        assertThat(simulator.callCounts().get("token")).isEqualTo(logins + 1);
        assertThat(simulator.records("Lead")).hasSize(22);
    }

    @Test
    void aFailingLoginKeepsContactsPendingTurnsHealthDownAndMailsTheAdminsOnce() {
        List<Long> first = contacts("blocked", 3);
        List<Long> second = contacts("stillblocked", 2);
        simulator.revokeTokens();
        simulator.settings().setLoginBlocked(true);

        JsonNode done = push(first, "requester@example.com");
        ResponseEntity<String> refused = post("/api/pushes", toJson(Map.of("contactIds", second,
                "requestedBy", "requester@example.com")));

        assertThat(done.get("postponed").asInt()).isEqualTo(3);
        assertThat(export(first.get(0)).get("status").asText()).isEqualTo("PENDING");
        assertThat(export(first.get(0)).get("error").get("code").asText()).isEqualTo("SALESFORCE_LOGIN_FAILED");
        assertThat(refused.getStatusCode().value()).isEqualTo(503);
        assertThat(read(refused.getBody()).get("error").asText()).contains("login fails");
        JsonNode health = get("/actuator/health");
        assertThat(health.get("components").get("salesforce").get("status").asText()).isEqualTo("DOWN");
        assertThat(health.get("components").get("salesforce").get("details").get("reason").asText()).contains("invalid_grant");
        List<Map<String, Object>> alarms = jdbc.queryForList("select recipient, subject from mail_outbox where kind = 'login-failed'");
        assertThat(alarms).singleElement().satisfies(m -> assertThat(m.get("recipient")).isEqualTo("ops@example.com"));

        simulator.settings().setLoginBlocked(false);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "UP".equals(get("/actuator/health").get("components").get("salesforce").get("status").asText()));
        assertThat(push(second, "requester@example.com").get("exported").asInt()).isEqualTo(2);
    }
}
