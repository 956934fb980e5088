package io.contactsync.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsync.e2e.EndToEndTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * API calls and time for 1,000 activities: the activities route (one Composite call of five sObject Collections
 * upserts) beside a naive route that upserts each Task on its own (one call per activity), against the simulator
 * with a latency per call. Run with {@code mvn -B verify -Pbenchmark -Dtest=ActivityCallsBenchmarkTest}.
 */
@Tag("benchmark")
class ActivityCallsBenchmarkTest extends EndToEndTest {

    private static final int ACTIVITIES = 1000;
    private static final String[] TYPES = {"email-sent", "meeting", "call", "page-visited"};

    @Autowired
    ProducerTemplate camel;
    @Value("${contactsync.salesforce.api-version}")
    String apiVersion;

    @Test
    void aThousandActivitiesInOneCallBesideOnePerActivity() throws Exception {
        simulator.settings().setLatency(java.time.Duration.ofMillis(20));
        try {
            List<Long> contacts = new ArrayList<>();
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 100; i++) {
                batch.append(i == 0 ? "" : ",").append(contact("First" + i, "Last" + i, "c" + i + "@example.com", "Co " + i, null));
            }
            contacts.addAll(store(batch.append("]").toString()));
            push(contacts, "bench@example.com");
            List<Map<String, Object>> activities = new ArrayList<>();
            for (int i = 0; i < ACTIVITIES; i++) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("contactId", contacts.get(i % contacts.size()));
                a.put("externalId", "bench-" + i);
                a.put("type", TYPES[i % TYPES.length]);
                a.put("occurredAt", "2026-03-01T10:15:00Z");
                a.put("subject", "Subject " + i);
                activities.add(a);
            }
            assertThat(post("/api/activities", toJson(activities)).getStatusCode().value()).isEqualTo(201);
            simulator.resetCounters();

            long start = System.nanoTime();
            camel.sendBody("direct:activities-drain", null);
            long routeMillis = (System.nanoTime() - start) / 1_000_000;
            long routeCalls = simulator.totalCalls();
            assertThat(jdbc.queryForObject("select count(*) from activity_export where status = 'EXPORTED'", Integer.class))
                    .isEqualTo(ACTIVITIES);
            assertThat(routeCalls).isLessThanOrEqualTo(2);

            // naive: the same Tasks (new keys), one upsert call each
            List<String> whoIds = jdbc.queryForList("select sf_id from export_state order by contact_id", String.class);
            simulator.resetCounters();
            start = System.nanoTime();
            for (int i = 0; i < ACTIVITIES; i++) {
                String key = UUID.randomUUID().toString();
                String task = toJson(Map.of("Subject", "Subject " + i, "Status", "Completed", "Priority", "Normal",
                        "WhoId", whoIds.get(i % whoIds.size()), "ActivityDate", "2026-03-01"));
                camel.requestBodyAndHeaders("salesforce:raw?format=JSON", task, Map.of("rawMethod", "PATCH",
                        "rawPath", "/services/data/v" + apiVersion + "/sobjects/Task/ActivitySyncId__c/" + key));
            }
            long naiveMillis = (System.nanoTime() - start) / 1_000_000;
            long naiveCalls = simulator.totalCalls();
            assertThat(simulator.records("Task")).hasSize(2 * ACTIVITIES);
            System.out.printf("Activities: %,d activities (20 ms a call): route %d calls in %d ms; one upsert per activity "
                    + "%d calls in %d ms%n", ACTIVITIES, routeCalls, routeMillis, naiveCalls, naiveMillis);
        } finally {
            simulator.settings().setLatency(java.time.Duration.ZERO);
        }
    }
}
