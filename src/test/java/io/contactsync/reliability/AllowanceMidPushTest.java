package io.contactsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The daily API allowance runs out in the middle of a manual push: the contacts Salesforce refused wait
 * as PENDING (POSTPONED in the push, never FAILED), nothing is sent while the allowance stays used up,
 * and once Salesforce has room again they are exported without another push.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {"contactsync.api.max-batch-size=2000", "contactsync.retry.later.delay=1s"})
class AllowanceMidPushTest extends InjectedFailureTest {

    private static final Logger LOG = LoggerFactory.getLogger(AllowanceMidPushTest.class);

    @Test
    void contactsRefusedForTheAllowanceArePostponedThenExportedOnceThereIsRoom() throws Exception {
        List<Long> ids = contacts("allowance", 2_000);
        // two chunks of 1,000, two Composite calls each (lookups, writes): room for three of the four
        simulator.settings().setDailyApiLimit(simulator.apiUsage() + 3);
        long started = System.nanoTime();

        JsonNode done = push(ids, "requester@example.com");

        int exported = done.get("exported").asInt();
        int postponed = done.get("postponed").asInt();
        assertThat(done.get("failed").asInt()).isZero();
        assertThat(exported).isPositive();
        assertThat(postponed).isPositive();
        assertThat(exported + postponed).isEqualTo(2_000);
        assertThat(count("status = 'PENDING' and error_code = 'REQUEST_LIMIT_EXCEEDED'")).isEqualTo(postponed);
        assertThat(count("status = 'EXPORTING'")).isZero();
        String mail = jdbc.queryForObject("select body from mail_outbox where kind = 'push-summary'", String.class);
        assertThat(mail).contains("Postponed:            " + postponed + " ");

        // still used up: the schedule asks Salesforce, sends nothing
        long calls = simulator.callCounts().getOrDefault("composite", 0L);
        Thread.sleep(3_000);
        assertThat(count("status = 'PENDING'")).isEqualTo(postponed);
        assertThat(simulator.callCounts().getOrDefault("composite", 0L)).isEqualTo(calls);

        simulator.settings().setDailyApiLimit(100_000);

        await().atMost(Duration.ofSeconds(30)).until(() -> count("status = 'EXPORTED'") == 2_000);
        assertOneLeadPerExportedContact();
        assertThat(simulator.records("Lead")).hasSize(2_000);
        LOG.info("Allowance used up mid-push of 2,000: {} exported, {} postponed; all 2,000 exported {} ms after the push started",
                exported, postponed, (System.nanoTime() - started) / 1_000_000);
    }
}
