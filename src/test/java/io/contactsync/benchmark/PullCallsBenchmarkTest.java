package io.contactsync.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsync.e2e.EndToEndTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * What a two-way poll costs: API calls and time of one poll with 0, 100 and 10,000 records changed in Salesforce
 * since the cursor, each linked to an exported contact (Lead template of two-way-mappings: five both/pull fields).
 * Run with {@code mvn -B verify -Pbenchmark -Dtest=PullCallsBenchmarkTest}.
 */
@Tag("benchmark")
@TestPropertySource(properties = "contactsync.mapping.dir=src/test/resources/two-way-mappings")
class PullCallsBenchmarkTest extends EndToEndTest {

    @Autowired
    ProducerTemplate camel;

    @Test
    void callsPerPollWith0And100And10000ChangedRecords() {
        StringBuilder report = new StringBuilder("Pull poll: changed records -> API calls, time\n");
        for (int changed : new int[] {0, 100, 10_000}) {
            jdbc.execute("truncate contact, push, mail_outbox restart identity cascade");
            jdbc.update("delete from pull_cursor");
            simulator.reset();
            int records = Math.max(changed, 100);
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                Map<String, Object> lead = new LinkedHashMap<>();
                lead.put("LastName", "Pull" + i);
                lead.put("Company", "Bench Ltd");
                lead.put("Title", "Changed in Salesforce");
                lead.put("ContactSyncId__c", "bench-" + i);
                rows.add(new Object[] {"Pull" + i, simulator.create("Lead", lead)});
            }
            jdbc.batchUpdate("insert into contact (last_name, company, title) values (?, 'Bench Ltd', 'Before')",
                    rows.stream().map(r -> new Object[] {r[0]}).toList());
            jdbc.update("""
                    insert into export_state (contact_id, status, sf_object, sf_id, exported_at)
                    select c.id, 'EXPORTED', 'Lead', null, now() - interval '1 hour' from contact c
                    """);
            for (Object[] row : rows) {
                jdbc.update("update export_state s set sf_id = ? from contact c where c.id = s.contact_id and c.last_name = ?",
                        row[1], row[0]);
            }
            // the cursor before the records (all changed) or after them and the overlap (none changed)
            jdbc.update("insert into pull_cursor (object, since) values ('Lead', now() + cast(? as interval))",
                    changed == 0 ? "2 minutes" : "-1 hour");
            simulator.resetCounters();
            long start = System.nanoTime();
            camel.sendBody("direct:sync-pull", null);
            long millis = (System.nanoTime() - start) / 1_000_000;
            long calls = simulator.totalCalls();
            int taken = jdbc.queryForObject("select count(*) from contact where title = 'Changed in Salesforce'", Integer.class);
            assertThat(taken).isEqualTo(changed);
            assertThat(calls).isEqualTo(1 + Math.max(0, (changed - 1) / 2000));
            report.append(String.format("%,d -> %d calls (%s), %d ms%n", changed, calls, simulator.callCounts(), millis));
        }
        System.out.println(report);
    }
}
