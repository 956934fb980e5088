package io.contactsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Salesforce on a bad day, all at once: 30% of calls answer 503, 10% of records are locked, the tokens
 * are revoked twice and the daily allowance runs out in the middle of a push. Every contact still ends
 * EXPORTED with exactly one record, none is left EXPORTING, none ends FAILED on a passing fault.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
// chunks of 100: a push of 1,000 goes out in two waves of five
@TestPropertySource(properties = {"contactsync.retry.later.delay=1s", "contactsync.sync.chunk-size=100"})
class ChaosTest extends InjectedFailureTest {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosTest.class);
    private static final int CONTACTS = 1_000;

    @Test
    void everyContactIsExportedOnceThroughFaultsLockedRowsRevokedTokensAndAnExhaustedAllowance() {
        List<Long> ids = contacts("chaos", CONTACTS);
        simulator.settings().setFaultRate(0.3);
        simulator.settings().setLockRowRate(0.1);
        // calls take a while, as against a real org
        simulator.settings().setLatency(Duration.ofMillis(50));
        simulator.revokeTokens();
        // room for about half of the push's calls
        long usage = simulator.apiUsage();
        simulator.settings().setDailyApiLimit(usage + 40);
        long started = System.nanoTime();

        String pushId = startPush(ids);
        // ten calls into the push, the tokens go again
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> simulator.apiUsage() >= usage + 10);
        simulator.revokeTokens();
        JsonNode done = awaitFinished(pushId);
        int postponed = count("status = 'PENDING' and error_code = 'REQUEST_LIMIT_EXCEEDED'");
        simulator.settings().setDailyApiLimit(100_000);

        await().atMost(Duration.ofSeconds(50)).pollInterval(Duration.ofMillis(200))
                .until(() -> count("status = 'EXPORTED'") == CONTACTS);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(done.get("postponed").asInt()).isPositive();
        // a contact may use its retry budget and fail in the push; it is sent again later and exported
        assertThat(count("status = 'EXPORTING'")).isZero();
        assertThat(count("status = 'FAILED'")).isZero();
        assertOneLeadPerExportedContact();
        assertThat(simulator.records("Lead")).hasSize(CONTACTS);
        Map<String, Object> tries = jdbc.queryForMap(
                "select max(attempts) as most, sum(attempts) as total, count(*) filter (where retry_round > 0) as later from export_state");
        LOG.info("Chaos: {} contacts in {} ms; push: {} exported, {} postponed ({} PENDING on the allowance), {} failed after their retry budget; "
                        + "attempts {} in all, at most {} for one contact; {} sent again in a later round; calls {}",
                CONTACTS, millis, done.get("exported").asInt(), done.get("postponed").asInt(), postponed,
                done.get("failed").asInt(), tries.get("total"), tries.get("most"), tries.get("later"), simulator.callCounts());
    }

    @Test
    void tenPushesWithNewOwnersAllFinishAndNothingIsLeftClaimed() {
        simulator.settings().setFaultRate(0.3);
        List<String> pushes = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            List<String> json = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                json.add(contact("P" + p, "C" + i, "p" + p + "c" + i + "@example.com", "Co", "seller" + p + "@example.com"));
            }
            pushes.add(startPush(store("[" + String.join(",", json) + "]")));
        }
        long started = System.nanoTime();

        pushes.forEach(this::awaitFinished);
        awaitNothingExporting();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("status = 'EXPORTED'") == 200);

        assertOneLeadPerExportedContact();
        LOG.info("Ten pushes of 20 with new owners at faultRate 0.3: all finished, 200 exported in {} ms",
                (System.nanoTime() - started) / 1_000_000);
    }

    private String startPush(List<Long> ids) {
        ResponseEntity<String> answer = post("/api/pushes", toJson(Map.of("contactIds", ids, "requestedBy", "chaos@example.com")));
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(202);
        return read(answer.getBody()).get("pushId").asText();
    }

    private JsonNode awaitFinished(String pushId) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/pushes/" + pushId).hasNonNull("finishedAt"));
        return get("/api/pushes/" + pushId);
    }
}
