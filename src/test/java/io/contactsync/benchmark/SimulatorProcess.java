package io.contactsync.benchmark;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The Salesforce simulator in a JVM of its own (SimulatorMain), so that the heap the benchmark
 * measures is the service's and not the simulated org's 100,000 records. Counters and knobs are
 * read and turned through the simulator's /__admin API.
 */
final class SimulatorProcess implements AutoCloseable {

    /** What the simulator counted since its counters were last reset. */
    record Calls(long total, Map<String, Long> byEndpoint, int maxRequestBytes) {
        long of(String endpoint) {
            return byEndpoint.getOrDefault(endpoint, 0L);
        }
    }

    private final Process process;
    private final int port;
    private final RestClient admin;

    private SimulatorProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        this.admin = RestClient.builder().baseUrl("http://localhost:" + port + "/__admin").build();
    }

    static SimulatorProcess start(String maxHeap) {
        int port = freePort();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap));
        String jvmArgs = System.getProperty("benchmark.simulator-jvm-args", "");
        if (!jvmArgs.isBlank()) {
            command.addAll(List.of(jvmArgs.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath, "io.contactsync.simulator.SimulatorMain", "--port=" + port,
                "--daily-api-limit=" + Long.MAX_VALUE));
        try {
            File log = new File("target/benchmark-simulator.log");
            log.getParentFile().mkdirs();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log)).start();
            SimulatorProcess simulator = new SimulatorProcess(process, port);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            simulator.awaitUp();
            return simulator;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the simulator: " + e.getMessage(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    String loginUrl() {
        return "http://localhost:" + port;
    }

    /** Drops all records but the Users, and the counters. */
    void reset() {
        admin.post().uri("/reset").retrieve().toBodilessEntity();
    }

    void resetCounters() {
        admin.delete().uri("/calls").retrieve().toBodilessEntity();
    }

    Calls calls() {
        Map<String, Object> body = admin.get().uri("/calls").retrieve().body(new ParameterizedTypeReference<>() { });
        Map<String, Long> byEndpoint = new TreeMap<>();
        ((Map<?, ?>) body.get("byEndpoint")).forEach((k, v) -> byEndpoint.put((String) k, ((Number) v).longValue()));
        return new Calls(((Number) body.get("total")).longValue(), byEndpoint, ((Number) body.get("maxRequestBytes")).intValue());
    }

    /** Latency of every call, and on top per record it carries (written or answered). */
    void latency(Duration perCall, Duration perRecord) {
        admin.patch().uri("/settings").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("latencyMs", perCall.toMillis(), "latencyPerRecordMs", perRecord.toMillis(), "apiUsage", 0))
                .retrieve().toBodilessEntity();
    }

    private void awaitUp() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the simulator stopped at once, see target/benchmark-simulator.log");
            }
            return calls() != null;
        });
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
