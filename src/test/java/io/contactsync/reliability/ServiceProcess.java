package io.contactsync.reliability;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * contact-sync as a process of its own, started the way a user starts it (its default start: embedded
 * PostgreSQL and simulator) in a working directory of the test's, and stopped with a real signal:
 * SIGTERM ({@link #terminate()}) or SIGKILL ({@link #kill()}).
 */
final class ServiceProcess implements AutoCloseable {

    static final String ADMIN_PASSWORD = "process-admin-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final int port;

    private ServiceProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the service in {@code workDir} on a free port; {@code settings} as {@code key=value}. Does not wait. */
    static ServiceProcess launch(Path workDir, String logName, int port, String... settings) {
        try {
            Files.createDirectories(workDir);
            Path log = workDir.resolve(logName + ".log");
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", classpath, "io.contactsync.ContactSyncApplication",
                    "--server.port=" + port,
                    "--contactsync.security.users.admin.password=" + ADMIN_PASSWORD,
                    "--contactsync.security.users.admin.role=ADMIN",
                    "--contactsync.security.users.admin.email=admin@example.com"));
            for (String setting : settings) {
                command.add("--" + setting);
            }
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            ServiceProcess service = new ServiceProcess(process, log, port);
            // a test JVM that ends early must not leave services (and their PostgreSQL) running
            Runtime.getRuntime().addShutdownHook(new Thread(service::close));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the service and waits until it answers. */
    static ServiceProcess start(Path workDir, String logName, String... settings) {
        ServiceProcess service = launch(workDir, logName, freePort(), settings);
        service.awaitUp();
        return service;
    }

    void awaitUp() {
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the service stopped at start:\n" + output());
            }
            return get("/actuator/health").statusCode() > 0 && output().contains("Started ContactSyncApplication");
        });
    }

    /** Waits for the process to end; answers its exit code. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the service did not stop within " + timeout + ":\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, as `kill` or a container stop sends it. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown hook, no cleanup; the embedded PostgreSQL it started keeps running. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", admin()).GET().build());
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", admin())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** How many contacts have this export status, by the API. */
    long count(String status) {
        return json(get("/api/contacts?size=1&status=" + status)).path("total").asLong();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
