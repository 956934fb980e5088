package io.contactsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.stream.LongStream;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service as real processes in one working directory, started as a user starts it and stopped
 * with real signals: a SIGKILL mid-push, then the same start command; a SIGTERM mid-push and when
 * idle; a second start in the same directory, on a taken port, or in org mode without credentials.
 */
class ProcessLifecycleTest {

    private Path workDir;
    private ServiceProcess first;
    private ServiceProcess second;

    @BeforeEach
    void workDir() throws IOException {
        workDir = Path.of("target", "process-tests", "run-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(workDir);
    }

    @AfterEach
    void stop() throws IOException {
        for (ServiceProcess service : new ServiceProcess[] {first, second}) {
            if (service != null) {
                service.close();
            }
        }
        if (Boolean.getBoolean("process-tests.keep")) {
            return;
        }
        PathUtils.deleteDirectory(workDir);
    }

    @Test
    void afterAKillTheSameStartCommandWorksAtOnceAndReleasesTheClaims() throws IOException {
        int port = ServiceProcess.freePort();
        int simulatorPort = ServiceProcess.freePort();
        first = start("first", port, simulatorPort);
        // slow enough that the push is still under way when the signal comes
        simulatorLatency(simulatorPort, Duration.ofSeconds(2));
        List<Long> ids = storeContacts(first, 400);
        assertThat(first.post("/api/pushes", push(ids)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> first.count("EXPORTING") == 400);
        long postgres = postmasterPid();

        first.kill();
        assertThat(ProcessHandle.of(postgres).map(ProcessHandle::isAlive))
                .as("the killed service's PostgreSQL outlives it").contains(true);

        long started = System.nanoTime();
        second = start("second", port, simulatorPort);
        Duration restart = Duration.ofNanos(System.nanoTime() - started);
        assertThat(second.output()).contains("was left running in " + workDir.resolve("data/postgres"));
        assertThat(ProcessHandle.of(postgres).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        // the claims of the killed process are released before the routes start
        assertThat(second.count("EXPORTING")).isZero();
        assertThat(second.count("PENDING")).isEqualTo(400);
        assertThat(second.post("/api/pushes", push(ids)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> second.count("EXPORTED") == 400);
        System.out.printf("kill -9 mid-push of 400, then the same start: up again in %.1f s, 0 EXPORTING, 400 exported%n",
                restart.toMillis() / 1000.0);
    }

    @Test
    void sigtermMidPushReleasesTheClaimsAndStopsInSeconds() {
        int port = ServiceProcess.freePort();
        int simulatorPort = ServiceProcess.freePort();
        // a shutdown timeout shorter than a chunk's Salesforce call: the chunks under way are given up and released
        first = start("first", port, simulatorPort, "camel.main.shutdown-timeout=2");
        simulatorLatency(simulatorPort, Duration.ofSeconds(20));
        List<Long> ids = storeContacts(first, 400);
        assertThat(first.post("/api/pushes", push(ids)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> first.count("EXPORTING") == 400);

        // the chunks under way still wait out their 20 s; the log-out at stop need not
        simulatorLatency(simulatorPort, Duration.ZERO);
        long stopping = System.nanoTime();
        first.terminate();
        first.awaitExit(Duration.ofSeconds(60));
        Duration busyStop = Duration.ofNanos(System.nanoTime() - stopping);
        assertThat(first.output()).doesNotContain("Could not release this instance's claims");
        assertThat(postmasterPid()).as("the embedded PostgreSQL stopped with the service").isZero();

        second = start("second", port, simulatorPort);
        // every contact settled: released to PENDING by the stopping service, or exported if its chunk finished
        long released = second.count("PENDING");
        assertThat(second.count("EXPORTING")).isZero();
        assertThat(released + second.count("EXPORTED")).isEqualTo(400);
        if (released > 0) {
            assertThat(first.output()).contains("Released " + released + " claimed contacts back to PENDING");
        }

        stopping = System.nanoTime();
        second.terminate();
        second.awaitExit(Duration.ofSeconds(60));
        Duration idleStop = Duration.ofNanos(System.nanoTime() - stopping);
        System.out.printf("SIGTERM: %.1f s with 400 contacts in flight (shutdown-timeout 2 s, %d released), %.1f s idle%n",
                busyStop.toMillis() / 1000.0, released, idleStop.toMillis() / 1000.0);
        assertThat(busyStop).isLessThan(Duration.ofSeconds(20));
        assertThat(idleStop).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aSecondStartInTheSameDirectoryOrOnATakenPortOrWithoutCredentialsFailsWithOneLine() throws IOException {
        int simulatorPort = ServiceProcess.freePort();
        first = start("first", ServiceProcess.freePort(), simulatorPort);

        Failure sameDirectory = failedStart("same-dir", ServiceProcess.freePort(), "contactsync.simulator.port=0");
        assertThat(sameDirectory.output()).contains("is used by another running contact-sync")
                .contains("contactsync.embedded-db.data-dir");

        try (ServerSocket taken = new ServerSocket(0)) {
            Failure port = failedStart("port", taken.getLocalPort(), "contactsync.embedded-db.data-dir=data/other",
                    "contactsync.simulator.port=0");
            assertThat(port.output()).contains("Port " + taken.getLocalPort() + " (server.port) is in use")
                    .contains("--server.port=");
        }
        Failure simulator = failedStart("simulator-port", ServiceProcess.freePort(),
                "contactsync.embedded-db.data-dir=data/other", "contactsync.simulator.port=" + simulatorPort);
        assertThat(simulator.output()).contains("(contactsync.simulator.port) is in use");

        Failure org = failedStart("org", ServiceProcess.freePort(), "contactsync.salesforce.mode=org");
        assertThat(org.output()).contains("SALESFORCE_CLIENT_ID");
        assertThat(workDir.resolve("data/other")).as("a failed start writes no database").doesNotExist();

        for (Failure failure : List.of(sameDirectory, simulator, org)) {
            assertThat(failure.output()).contains("APPLICATION FAILED TO START").doesNotContain("\tat ");
        }
        System.out.printf("failed starts: same directory %.1f s, taken simulator port %.1f s, org without credentials %.1f s%n",
                sameDirectory.seconds(), simulator.seconds(), org.seconds());
    }

    private record Failure(String output, double seconds) { }

    private Failure failedStart(String name, int port, String... settings) {
        long started = System.nanoTime();
        ServiceProcess failing = ServiceProcess.launch(workDir, name, port, settings);
        assertThat(failing.awaitExit(Duration.ofSeconds(120))).as(name + " exit code").isNotZero();
        return new Failure(failing.output(), (System.nanoTime() - started) / 1e9);
    }

    private ServiceProcess start(String name, int port, int simulatorPort, String... settings) {
        String[] all = new String[settings.length + 1];
        all[0] = "contactsync.simulator.port=" + simulatorPort;
        System.arraycopy(settings, 0, all, 1, settings.length);
        ServiceProcess service = ServiceProcess.launch(workDir, name, port, all);
        service.awaitUp();
        return service;
    }

    /** Every Salesforce call of the simulator inside the service at this port takes this long. */
    private static void simulatorLatency(int simulatorPort, Duration latency) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + simulatorPort + "/__admin/settings"))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"latencyMs\": " + latency.toMillis() + "}")).build();
        try {
            assertThat(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The pid in the embedded PostgreSQL's postmaster.pid, 0 when it is not running. */
    private long postmasterPid() {
        Path pidFile = workDir.resolve("data/postgres/postmaster.pid");
        try {
            return Files.exists(pidFile) ? Long.parseLong(Files.readAllLines(pidFile).get(0).strip()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Long> storeContacts(ServiceProcess service, int count) {
        StringJoiner contacts = new StringJoiner(",", "[", "]");
        for (int n = 0; n < count; n++) {
            contacts.add("""
                    {"firstName": "Test", "lastName": "Contact %1$d", "email": "contact%1$d@example.com",
                     "company": "Company %1$d"}""".formatted(n));
        }
        var answer = service.post("/api/contacts", contacts.toString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        var ids = service.json(answer).get("ids");
        return LongStream.range(0, ids.size()).map(i -> ids.get((int) i).asLong()).boxed().toList();
    }

    private static String push(List<Long> ids) {
        return "{\"contactIds\": " + ids + ", \"requestedBy\": \"ops@example.com\"}";
    }
}
