package io.contactsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.contactsync.simulator.SalesforceSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two instances share one PostgreSQL and one Salesforce org and both drain the same 5,000 pending
 * contacts: claims with FOR UPDATE SKIP LOCKED hand each contact to one of them, and the clustered
 * Quartz job store fires the automatic sync once per period between them, not once per instance.
 */
class TwoInstancesTest {

    private static final Logger LOG = LoggerFactory.getLogger(TwoInstancesTest.class);
    private static final int CONTACTS = 5_000;
    private static final String[] AUTOMATIC = {"contactsync.sync.mode=automatic", "contactsync.sync.schedule=0/1 * * * * ?",
            "contactsync.sync.claim-size=400", "contactsync.sync.claim-check-interval=1s",
            "contactsync.sync.cluster-checkin-interval=2000"};

    private EmbeddedPostgres db;
    private SalesforceSimulator org;
    private JdbcTemplate jdbc;

    @BeforeEach
    void startDatabaseAndOrg() {
        db = Services.database();
        org = Services.org();
        org.settings().setLatency(Duration.ofMillis(20));
        jdbc = new JdbcTemplate(db.getPostgresDatabase());
    }

    @AfterEach
    void stop() throws Exception {
        org.stop();
        db.close();
    }

    @Test
    void twoInstancesExportEachContactExactlyOnceAndFireTheScheduleOncePerPeriod() throws Exception {
        ConfigurableApplicationContext a = Services.start(db, org, AUTOMATIC);
        ConfigurableApplicationContext b = Services.start(db, org, AUTOMATIC);
        try {
            Map<String, AtomicInteger> recorded = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<Fire> fires = new ConcurrentLinkedQueue<>();
            observe(a, "a", recorded, fires);
            observe(b, "b", recorded, fires);

            long started = System.nanoTime();
            for (int batch = 0; batch < 5; batch++) {
                ConfigurableApplicationContext to = batch % 2 == 0 ? a : b;
                assertThat(Services.storeContacts(to, batch * 1_000 + 1, 1_000)).isEqualTo(201);
            }
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250))
                    .until(() -> count("status = 'EXPORTED'") == CONTACTS);
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(count("status <> 'EXPORTED'")).isZero();
            assertThat(jdbc.queryForObject("select count(distinct sf_id) from export_state", Integer.class)).isEqualTo(CONTACTS);
            List<Map<String, Object>> leads = org.records("Lead");
            assertThat(leads).hasSize(CONTACTS);
            assertThat(leads.stream().map(lead -> lead.get("ContactSyncId__c")).collect(Collectors.toSet())).hasSize(CONTACTS);
            assertThat(leads.stream().map(lead -> lead.get("Email")).collect(Collectors.toSet())).hasSize(CONTACTS);
            // each contact went through the pipeline once, and both instances took their share
            assertThat(recorded.get("a").get() + recorded.get("b").get()).isEqualTo(CONTACTS);
            assertThat(recorded.get("a").get()).isPositive();
            assertThat(recorded.get("b").get()).isPositive();

            // both schedulers run, in one cluster (each checked in to the shared job store)
            List<String> checkedIn = jdbc.queryForList("select instance_name from qrtz_scheduler_state", String.class);
            for (ConfigurableApplicationContext service : List.of(a, b)) {
                Scheduler scheduler = service.getBean(CamelContext.class).getComponent("quartz", QuartzComponent.class)
                        .getScheduler();
                assertThat(scheduler.isStarted()).isTrue();
                assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
                assertThat(checkedIn).contains(scheduler.getSchedulerInstanceId());
            }
            // the schedule fired in one instance per period: every second between the first and the last fire once
            // (the export can be over within two periods: watch the schedule for at least three)
            await().atMost(Duration.ofSeconds(15)).until(() -> fires.size() >= 3);
            List<Long> times = List.copyOf(fires).stream().map(Fire::scheduled).sorted().toList();
            assertThat(Set.copyOf(times)).hasSameSizeAs(times);
            assertThat(times).hasSizeGreaterThanOrEqualTo(3);
            assertThat(times.size()).isEqualTo((int) ((times.get(times.size() - 1) - times.get(0)) / 1000) + 1);
            Map<String, Long> firesPerInstance = fires.stream().collect(Collectors.groupingBy(Fire::instance, Collectors.counting()));
            LOG.info("Two instances: {} contacts in {} ms, recorded by a {} / b {}, {} Salesforce calls {}, {} Leads, "
                            + "duplicates created = {}, schedule fired {} times in {} periods (per instance {})",
                    CONTACTS, millis, recorded.get("a"), recorded.get("b"), org.totalCalls(), org.callCounts(),
                    leads.size(), leads.size() - CONTACTS, times.size(),
                    (times.get(times.size() - 1) - times.get(0)) / 1000 + 1, firesPerInstance);
        } finally {
            a.close();
            b.close();
        }
    }

    private record Fire(String instance, long scheduled) { }

    /** Counts the contacts each instance records, and the schedule's fires, without changing what they do. */
    private static void observe(ConfigurableApplicationContext service, String name, Map<String, AtomicInteger> recorded,
                                ConcurrentLinkedQueue<Fire> fires) throws Exception {
        AtomicInteger count = recorded.computeIfAbsent(name, n -> new AtomicInteger());
        CamelContext camel = service.getBean(CamelContext.class);
        AdviceWith.adviceWith(camel, "sync-chunk", route -> route.weaveById("record-status").before()
                .process(exchange -> count.addAndGet(exchange.getProperty("chunk", io.contactsync.sync.SyncChunk.class)
                        .items().size())));
        camel.getComponent("quartz", QuartzComponent.class).getScheduler().getListenerManager()
                .addTriggerListener(new TriggerListenerSupport() {
                    @Override
                    public String getName() {
                        return "fires-" + name;
                    }

                    @Override
                    public void triggerFired(Trigger trigger, JobExecutionContext context) {
                        fires.add(new Fire(name, context.getScheduledFireTime().getTime()));
                    }
                });
    }

    private int count(String condition) {
        return jdbc.queryForObject("select count(*) from export_state where " + condition, Integer.class);
    }
}
