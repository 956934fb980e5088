package io.contactsync.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.simulator.SalesforceSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole service on its real parts: embedded PostgreSQL, the Salesforce simulator over HTTP
 * through camel-salesforce, and the REST API over HTTP.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class EndToEndTest {

    /** Test users (application-test.yaml): admin (ADMIN) and alice (USER, alice.seller@example.com). */
    protected static final String ADMIN_PASSWORD = "admin-secret";
    protected static final String ALICE_PASSWORD = "alice-secret";

    @Autowired
    protected TestRestTemplate anonymous;
    /** Calls as the admin. */
    protected TestRestTemplate http;
    @Autowired
    protected SalesforceSimulator simulator;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected ObjectMapper json;

    @BeforeEach
    void cleanSlate() {
        http = anonymous.withBasicAuth("admin", ADMIN_PASSWORD);
        // the service's own timers read these tables meanwhile: a truncate that meets one of them in a deadlock is
        // the loser PostgreSQL picks, and is tried again
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.execute("truncate contact, push, mail_outbox restart identity cascade");
                break;
            } catch (org.springframework.dao.PessimisticLockingFailureException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
        simulator.reset();
        simulator.resetCounters();
    }

    protected ResponseEntity<String> post(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    protected JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    protected JsonNode get(String path) {
        return read(http.getForObject(path, String.class));
    }

    protected List<Long> store(String contactsJson) {
        ResponseEntity<String> answer = post("/api/contacts", contactsJson);
        if (answer.getStatusCode().value() != 201) {
            throw new AssertionError("POST /api/contacts answered " + answer.getStatusCode() + ": " + answer.getBody());
        }
        return StreamSupport.stream(read(answer.getBody()).get("ids").spliterator(), false).map(JsonNode::asLong).toList();
    }

    /** Starts a push and waits until it has finished; answers its final progress. */
    protected JsonNode push(List<Long> ids, String requestedBy) {
        ResponseEntity<String> answer = post("/api/pushes", toJson(Map.of("contactIds", ids, "requestedBy", requestedBy)));
        if (answer.getStatusCode().value() != 202) {
            throw new AssertionError("POST /api/pushes answered " + answer.getStatusCode() + ": " + answer.getBody());
        }
        String pushId = read(answer.getBody()).get("pushId").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/pushes/" + pushId).hasNonNull("finishedAt"));
        return get("/api/pushes/" + pushId);
    }

    protected JsonNode export(long contactId) {
        return get("/api/contacts/" + contactId).get("export");
    }

    protected String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    protected static String contact(String first, String last, String email, String company, String metBy) {
        return """
                {"firstName": %s, "lastName": %s, "email": %s, "company": %s, "metBy": %s, "title": "Buyer",
                 "phoneWork": "+49 30 555 0101", "city": "Berlin", "notes": "met at the fair"}
                """.formatted(q(first), q(last), q(email), q(company), q(metBy));
    }

    private static String q(String s) {
        return s == null ? "null" : "\"" + s.replace("\"", "\\\"") + "\"";
    }
}
