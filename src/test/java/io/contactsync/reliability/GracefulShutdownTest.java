package io.contactsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.contactsync.simulator.SalesforceSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stopping the service while a push is in flight leaves no contact claimed: the chunks under way are
 * finished within camel.main.shutdown-timeout, and whatever is still running after it is released to
 * PENDING, its push told so, and sent again later without a second record.
 */
class GracefulShutdownTest {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdownTest.class);
    private static final int CONTACTS = 600;

    private static EmbeddedPostgres db;
    private static SalesforceSimulator org;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startDatabaseAndOrg() {
        db = Services.database();
        org = Services.org();
        jdbc = new JdbcTemplate(db.getPostgresDatabase());
    }

    @AfterEach
    void cleanSlate() {
        jdbc.execute("truncate contact, push, mail_outbox restart identity cascade");
        org.reset();
        org.resetCounters();
    }

    @AfterAll
    static void stop() throws Exception {
        org.stop();
        db.close();
    }

    @Test
    void shutdownFinishesThePushInFlight() {
        org.settings().setLatency(Duration.ofMillis(1_000));
        ConfigurableApplicationContext service = Services.start(db, org);
        String pushId = pushAllAndWaitUntilInFlight(service);

        long closing = System.nanoTime();
        service.close();
        long millis = (System.nanoTime() - closing) / 1_000_000;

        assertThat(count("status = 'EXPORTING'")).isZero();
        assertThat(count("status = 'EXPORTED'")).isEqualTo(CONTACTS);
        assertThat(org.records("Lead")).hasSize(CONTACTS);
        assertThat(jdbc.queryForObject("select finished_at is not null from push where id = ?::uuid", Boolean.class, pushId))
                .isTrue();
        assertThat(jdbc.queryForObject("select count(*) from mail_outbox where kind = 'push-summary'", Integer.class))
                .isEqualTo(1);
        LOG.info("Graceful shutdown, push in flight: {} contacts, all EXPORTED, shutdown took {} ms, {} Salesforce calls",
                CONTACTS, millis, org.totalCalls());
    }

    @Test
    void shutdownReleasesWhatItCannotFinishInTime() {
        org.settings().setLatency(Duration.ofMillis(4_000));
        ConfigurableApplicationContext service = Services.start(db, org, "camel.main.shutdown-timeout=1");
        String pushId = pushAllAndWaitUntilInFlight(service);

        service.close();

        // nothing stays claimed: each contact is finished or back to PENDING, and its push says why
        assertThat(count("status = 'EXPORTING'")).isZero();
        int released = count("status = 'PENDING' and error_code = 'INTERRUPTED'");
        assertThat(released).isPositive();
        assertThat(count("status = 'PENDING'") + count("status = 'EXPORTED'")).isEqualTo(CONTACTS);
        assertThat(jdbc.queryForObject("select count(*) from push_item where push_id = ?::uuid and status = 'SKIPPED' "
                + "and error_code = 'INTERRUPTED'", Integer.class, pushId)).isEqualTo(released);
        int leadsBefore = org.records("Lead").size();

        org.settings().setLatency(Duration.ZERO);
        ConfigurableApplicationContext again = Services.start(db, org);
        try {
            // the interrupted push is closed at start and its requester told; a new push sends the rest
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                    "select finished_at is not null from push where id = ?::uuid", Boolean.class, pushId));
            assertThat(jdbc.queryForObject("select body from mail_outbox where kind = 'push-summary'", String.class))
                    .contains("Skipped:              " + released);
            List<Long> pending = jdbc.queryForList("select contact_id from export_state where status = 'PENDING'", Long.class);
            String second = push(again, pending);
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select finished_at is not null from push where id = ?::uuid", Boolean.class, second));
        } finally {
            again.close();
        }
        assertThat(count("status = 'EXPORTED'")).isEqualTo(CONTACTS);
        List<Map<String, Object>> leads = org.records("Lead");
        assertThat(leads).hasSize(CONTACTS);
        assertThat(leads.stream().map(lead -> lead.get("ContactSyncId__c")).collect(Collectors.toSet())).hasSize(CONTACTS);
        assertThat(jdbc.queryForObject("select count(distinct sf_id) from export_state", Integer.class)).isEqualTo(CONTACTS);
        LOG.info("Shutdown timeout during a push: {} contacts, {} released to PENDING, {} Leads existed at shutdown, "
                + "{} after the second push, duplicates created = {}", CONTACTS, released, leadsBefore, leads.size(),
                leads.size() - CONTACTS);
    }

    /** Stores the contacts, pushes them all and waits until Salesforce is being called for them. */
    private String pushAllAndWaitUntilInFlight(ConfigurableApplicationContext service) {
        assertThat(Services.storeContacts(service, 1, CONTACTS)).isEqualTo(201);
        String pushId = push(service, jdbc.queryForList("select id from contact order by id", Long.class));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("status = 'EXPORTING'") == CONTACTS
                && org.totalCalls() > 1);
        return pushId;
    }

    private static String push(ConfigurableApplicationContext service, List<Long> ids) {
        HttpResponse<String> answer = Services.post(service, "/api/pushes",
                "{\"contactIds\": " + ids + ", \"requestedBy\": \"requester@example.com\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return answer.body().replaceAll(".*\"pushId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    private int count(String condition) {
        return jdbc.queryForObject("select count(*) from export_state where " + condition, Integer.class);
    }
}
