package io.contactsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.contactsync.simulator.SalesforceSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The service dies after Salesforce created a chunk's records and before their statuses were written.
 * After the restart, the contacts left EXPORTING are released and sent again: the upsert on
 * ContactSyncId__c (the contact's sync_key) finds the records created before the crash, so not one is
 * created twice and every contact ends EXPORTED with the id Salesforce gave it the first time.
 */
class CrashMidChunkTest {

    private static final Logger LOG = LoggerFactory.getLogger(CrashMidChunkTest.class);
    private static final int CONTACTS = 450;
    private static final String[] AUTOMATIC = {"contactsync.sync.mode=automatic", "contactsync.sync.schedule=0/1 * * * * ?",
            "contactsync.sync.stale-claim-age=2s", "contactsync.sync.claim-check-interval=500ms"};

    private EmbeddedPostgres db;
    private SalesforceSimulator org;
    private JdbcTemplate jdbc;

    @BeforeEach
    void startDatabaseAndOrg() {
        db = Services.database();
        org = Services.org();
        jdbc = new JdbcTemplate(db.getPostgresDatabase());
    }

    @AfterEach
    void stop() throws Exception {
        org.stop();
        db.close();
    }

    @Test
    void aRestartAfterACrashBetweenDeliveryAndStatusCreatesNoDuplicates() {
        ConfigurableApplicationContext first = Services.start(db, org, AUTOMATIC);
        AtomicBoolean crashed = new AtomicBoolean();
        weaveCrashAfterDelivery(first, crashed);

        long started = System.nanoTime();
        assertThat(Services.storeContacts(first, 1, CONTACTS)).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> crashed.get() && !first.isActive());

        // Salesforce holds every record; the database still says they are being exported
        assertThat(org.records("Lead")).hasSize(CONTACTS);
        assertThat(count("status = 'EXPORTING'")).isEqualTo(CONTACTS);
        Map<String, String> createdBeforeCrash = leadIdsBySyncKey();
        assertThat(createdBeforeCrash).hasSize(CONTACTS);
        assertThat(createdBeforeCrash.keySet()).containsExactlyInAnyOrderElementsOf(
                jdbc.queryForList("select sync_key::text from contact", String.class));
        long callsBeforeRestart = org.totalCalls();

        ConfigurableApplicationContext second = Services.start(db, org, AUTOMATIC);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> count("status = 'EXPORTED'") == CONTACTS);
        } finally {
            second.close();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(count("status <> 'EXPORTED'")).isZero();
        assertThat(org.records("Lead")).hasSize(CONTACTS);
        Map<String, String> exported = jdbc.query("select c.sync_key::text, s.sf_id from contact c join export_state s "
                + "on s.contact_id = c.id", (rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(exported).isEqualTo(createdBeforeCrash);
        assertThat(leadIdsBySyncKey()).isEqualTo(createdBeforeCrash);
        LOG.info("Crash mid-chunk: {} contacts, {} Salesforce calls before the crash, {} after the restart, "
                        + "{} Leads, duplicates created = {}, {} ms", CONTACTS, callsBeforeRestart,
                org.totalCalls() - callsBeforeRestart, org.records("Lead").size(), org.records("Lead").size() - CONTACTS,
                millis);
    }

    /**
     * Right after a chunk's delivery the service "dies": its database pool is closed, so nothing of it
     * reaches PostgreSQL any more (not the statuses, not the release at shutdown), and the context closes.
     */
    private static void weaveCrashAfterDelivery(ConfigurableApplicationContext service, AtomicBoolean crashed) {
        try {
            AdviceWith.adviceWith(service.getBean(CamelContext.class), "sync-chunk", route -> route
                    .weaveById("deliver").after().process(exchange -> {
                        if (crashed.compareAndSet(false, true)) {
                            service.getBean(HikariDataSource.class).close();
                            new Thread(service::close, "crash").start();
                        }
                        exchange.setRouteStop(true);
                    }));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> leadIdsBySyncKey() {
        return org.records("Lead").stream().collect(Collectors.toMap(
                lead -> String.valueOf(lead.get("ContactSyncId__c")), lead -> (String) lead.get("Id"),
                (a, b) -> { throw new AssertionError("two Leads with ContactSyncId__c " + a + ", " + b); }));
    }

    private int count(String condition) {
        return jdbc.queryForObject("select count(*) from export_state where " + condition, Integer.class);
    }
}
