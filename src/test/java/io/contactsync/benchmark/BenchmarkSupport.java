package io.contactsync.benchmark;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on its real parts in automatic mode (the schedule parked, the benchmark fires the drain
 * itself), its own embedded PostgreSQL, the Salesforce simulator in a JVM of its own, and the naive
 * baseline route beside the pipeline. Each method runs one measured pass and answers what it cost.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "contactsync.sync.mode=automatic",
        "contactsync.sync.schedule=0 0 0 1 1 ? 2099",
        "contactsync.api.max-batch-size=100000",
        "contactsync.embedded-db.data-dir=target/benchmark-postgres",
        "camel.main.routes-include-pattern=file:routes/**/*.camel.yaml,classpath:benchmark/naive-push.camel.yaml,"
                + "classpath:benchmark/batch-push.camel.yaml",
        "logging.level.org.apache.camel.component.salesforce=WARN"})
@ActiveProfiles("test")
@Import(NaiveBaseline.class)
abstract class BenchmarkSupport {

    /** Latency the simulator adds to every call, and per record a call carries. */
    record Latency(Duration perCall, Duration perRecord) {
        static Latency parse(String text) {
            String[] parts = text.trim().split("\\+");
            return new Latency(Duration.ofMillis(Long.parseLong(parts[0].trim())),
                    Duration.ofMillis(parts.length > 1 ? Long.parseLong(parts[1].trim()) : 0));
        }

        @Override
        public String toString() {
            return perCall.toMillis() + " ms" + (perRecord.isZero() ? "" : " + " + perRecord.toMillis() + " ms/record");
        }
    }

    /** One measured pass: how many contacts, what it cost, and how they ended. */
    record Pass(String what, int contacts, Latency latency, long calls, Map<String, Long> byEndpoint, Duration wall,
                long peakHeap, long liveHeap, int maxRequestBytes, Map<String, Integer> outcomes, CpuMeter.Usage cpu) {

        double callsPer1000() {
            return contacts == 0 ? 0 : calls * 1000.0 / contacts;
        }

        /** Calls with one login counted, also where this pass found the session already open. */
        long callsWithLogin() {
            return calls + (byEndpoint.getOrDefault("token", 0L) == 0 ? 1 : 0);
        }

        double perSecond() {
            return contacts / Math.max(0.001, wall.toNanos() / 1e9);
        }
    }

    static SimulatorProcess simulator;

    @Autowired
    protected ProducerTemplate camel;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    private TestRestTemplate anonymous;
    /** Calls as the admin of application-test.yaml. */
    protected TestRestTemplate http;
    @Autowired
    protected ObjectMapper json;

    protected BenchmarkContacts contacts;

    @DynamicPropertySource
    static void salesforce(DynamicPropertyRegistry registry) {
        if (simulator == null) {
            simulator = SimulatorProcess.start(System.getProperty("benchmark.simulator-heap", "1g"));
        }
        registry.add("contactsync.salesforce.login-url", simulator::loginUrl);
        registry.add("contactsync.salesforce.mode", () -> "org");
        registry.add("contactsync.salesforce.client-id", () -> "contact-sync-benchmark");
        registry.add("contactsync.salesforce.client-secret", () -> "simulator");
        registry.add("contactsync.salesforce.username", () -> "integration@contactsync.local");
        registry.add("contactsync.salesforce.password", () -> "simulator");
    }

    @AfterAll
    static void stopSimulator() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    @BeforeEach
    void contacts() {
        http = anonymous.withBasicAuth("admin", "admin-secret");
        contacts = new BenchmarkContacts(jdbc);
    }

    /** Fresh org and database, then n new contacts whose owners carry the tag. */
    protected List<Long> freshBacklog(int n, Latency latency, String tag) {
        contacts.clear();
        simulator.reset();
        simulator.latency(latency.perCall(), latency.perRecord());
        return contacts.store(n, tag);
    }

    /** The automatic drain, as the schedule fires it: claim, split into chunks, push, until nothing is pending. */
    protected Pass drain(String what, int n, Latency latency) {
        return measure(what, n, latency, () -> camel.requestBody("direct:sync-drain", (Object) null));
    }

    /** A manual push of these ids (POST /api/pushes), waited for until it has finished. */
    protected Pass push(String what, List<Long> ids, Latency latency) {
        return measure(what, ids.size(), latency, () -> {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            ResponseEntity<String> answer = http.postForEntity("/api/pushes", new HttpEntity<>(toJson(Map.of(
                    "contactIds", ids, "requestedBy", "benchmark@example.com")), headers), String.class);
            if (answer.getStatusCode().value() != 202) {
                throw new AssertionError("POST /api/pushes answered " + answer.getStatusCode() + ": " + answer.getBody());
            }
            String pushId = read(answer.getBody()).get("pushId").asText();
            // asked of the database, not GET /api/pushes/{id}: each HTTP call checks the admin's BCrypt password,
            // which at this poll rate would cost the service more CPU than the push itself
            await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                            "select finished_at is not null from push where id = cast(? as uuid)", Boolean.class, pushId)));
        });
    }

    /** The careful batch script over all pending contacts. */
    protected Pass batch(String what, int n, Latency latency) {
        return measure(what, n, latency, () -> camel.requestBody("direct:batch-push", (Object) null));
    }

    /** The naive per-record route over all pending contacts. */
    protected Pass naive(String what, int n, Latency latency) {
        return measure(what, n, latency, () -> camel.requestBody("direct:naive-push", (Object) null));
    }

    /** Every contact PENDING again, as if never pushed (Salesforce keeps what it has). */
    protected void forgetExports() {
        jdbc.update("update export_state set status = 'PENDING', sf_object = null, sf_id = null, exported_at = null");
    }

    /** How many Leads the org holds (one COUNT() query, made after the pass's calls were read). */
    protected long leadsInOrg() {
        String answer = camel.requestBody("salesforce:query?rawPayload=true", "SELECT COUNT() FROM Lead", String.class);
        return read(answer).get("totalSize").asLong();
    }

    private Pass measure(String what, int n, Latency latency, Runnable work) {
        simulator.resetCounters();
        long start;
        Duration wall;
        HeapMeter heap = HeapMeter.start();
        CpuMeter cpu = CpuMeter.start(simulator.pid(), "benchmark-postgres");
        try (heap) {
            start = System.nanoTime();
            work.run();
            wall = Duration.ofNanos(System.nanoTime() - start);
        }
        CpuMeter.Usage used = cpu.stop();
        SimulatorProcess.Calls calls = simulator.calls();
        return new Pass(what, n, latency, calls.total(), calls.byEndpoint(), wall, heap.peakUsed(), heap.peakAfterGc(),
                calls.maxRequestBytes(), outcomes(), used);
    }

    static final String HEADER = "| run | contacts | API calls | calls / 1,000 | wall | contacts/s | peak heap | live heap "
            + "| CPU service / simulator / PostgreSQL | largest request |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";

    static String row(Pass p) {
        return "| %s | %,d | %,d | %.1f | %s | %,.0f | %d MiB | %d MiB | %s / %s / %s | %,d B |".formatted(p.what(), p.contacts(),
                p.calls(), p.callsPer1000(), seconds(p.wall()), p.perSecond(), p.peakHeap() >> 20,
                p.liveHeap() >> 20, seconds(p.cpu().service()), seconds(p.cpu().simulator()), seconds(p.cpu().database()),
                p.maxRequestBytes());
    }

    static String seconds(Duration d) {
        double s = d.toNanos() / 1e9;
        return s < 100 ? "%.2f s".formatted(s) : "%,.0f s".formatted(s);
    }

    protected Map<String, Integer> outcomes() {
        Map<String, Integer> byStatus = new TreeMap<>();
        jdbc.query("select status, count(*) from export_state group by status",
                rs -> { byStatus.put(rs.getString(1), rs.getInt(2)); });
        return byStatus;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
