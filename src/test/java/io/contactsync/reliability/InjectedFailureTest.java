package io.contactsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.contactsync.e2e.EndToEndTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Failures injected at named steps of the routes (AdviceWith on step ids) or through the simulator's
 * knobs, and what must hold whatever fails: no contact stays EXPORTING, every push finishes, every
 * failed contact says why in words.
 */
abstract class InjectedFailureTest extends EndToEndTest {

    /** The step that fails next, and what it throws; null: none. */
    private static volatile String failAt;
    private static volatile Exception failure;
    private static final AtomicInteger HITS = new AtomicInteger();

    @Autowired
    protected CamelContext camel;

    @AfterEach
    void noMoreFailures() {
        failAt = null;
        simulator.settings().setFaultRate(0);
        simulator.settings().setLockRowRate(0);
        simulator.settings().setLatency(Duration.ZERO);
        simulator.settings().setDailyApiLimit(100_000);
        simulator.setApiUsage(0);
        simulator.failNext(0, "503");
        simulator.failNext(0, "UNABLE_TO_LOCK_ROW");
    }

    /** Makes each of these steps of the route able to fail (once per context: AdviceWith rebuilds the route). */
    protected void weave(String routeId, String... stepIds) throws Exception {
        if (camel.getRoute(routeId).getProperties().containsKey("woven")) {
            return;
        }
        AdviceWith.adviceWith(camel, routeId, route -> {
            route.getOriginalRoute().routeProperty("woven", "true");
            for (String step : stepIds) {
                route.weaveById(step).before().process(exchange -> {
                    if (step.equals(failAt)) {
                        HITS.incrementAndGet();
                        throw failure;
                    }
                });
            }
        });
    }

    protected static void failAt(String step, Exception exception) {
        HITS.set(0);
        failure = exception;
        failAt = step;
    }

    protected static void noFailure() {
        failAt = null;
    }

    protected static int hits() {
        return HITS.get();
    }

    protected List<Long> contacts(String prefix, int n) {
        List<Long> ids = new ArrayList<>();
        for (int from = 0; from < n; from += 1000) {
            List<String> json = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 1000); i++) {
                json.add(contact("F" + i, prefix + i, prefix + i + "@example.com", "Co", null));
            }
            ids.addAll(store("[" + String.join(",", json) + "]"));
        }
        return ids;
    }

    protected int count(String condition) {
        return jdbc.queryForObject("select count(*) from export_state where " + condition, Integer.class);
    }

    /** Waits until no chunk holds a contact any more, then checks that none was left claimed. */
    protected void awaitNothingExporting() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("status = 'EXPORTING'") == 0);
    }

    /** Every failed contact names its failure in words: a code, and a message that is no Java class name. */
    protected void assertFailuresSayWhy() {
        List<Map<String, Object>> failed = jdbc.queryForList(
                "select error_code, error_message from export_state where status = 'FAILED'");
        for (Map<String, Object> row : failed) {
            assertThat((String) row.get("error_code")).isNotBlank().doesNotContain("Exception");
            assertThat((String) row.get("error_message")).isNotBlank().doesNotContain("Exception");
        }
    }

    /** One Salesforce record per contact that says it is exported, none more. */
    protected void assertOneLeadPerExportedContact() {
        List<Map<String, Object>> leads = simulator.records("Lead");
        assertThat(leads.stream().map(l -> l.get("ContactSyncId__c")).distinct()).hasSameSizeAs(leads);
        assertThat(leads).hasSize(count("status = 'EXPORTED'"));
    }
}
