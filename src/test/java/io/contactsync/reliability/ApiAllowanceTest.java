package io.contactsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.e2e.EndToEndTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * The daily API allowance, read from Sforce-Limit-Info: automatic sync pauses at 90% and resumes
 * when Salesforce reports room again; REQUEST_LIMIT_EXCEEDED leaves contacts PENDING, never FAILED.
 */
@TestPropertySource(properties = "contactsync.sync.mode=automatic")
class ApiAllowanceTest extends EndToEndTest {

    @AfterEach
    void roomAgain() {
        simulator.settings().setDailyApiLimit(100_000);
        simulator.setApiUsage(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> "running".equals(salesforceHealth().get("details")
                .get("automaticSync").asText()));
    }

    private JsonNode salesforceHealth() {
        return get("/actuator/health").get("components").get("salesforce");
    }

    private String status(long id) {
        return export(id).get("status").asText();
    }

    @Test
    void automaticSyncPausesAtNinetyPercentAndResumesWhenTheAllowanceAllows() {
        simulator.settings().setDailyApiLimit(1000);
        simulator.setApiUsage(950);
        List<Long> first = store(contact("Before", "Pause", "before@example.com", "Co", null));
        await().atMost(Duration.ofSeconds(20)).until(() -> "EXPORTED".equals(status(first.get(0))));

        List<Long> second = store(contact("During", "Pause", "during@example.com", "Co", null));

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> "PENDING".equals(status(second.get(0))));
        JsonNode health = salesforceHealth();
        assertThat(health.get("details").get("automaticSync").asText()).isEqualTo("paused");
        assertThat(health.get("details").get("dailyApiRequests").get("max").asLong()).isEqualTo(1000);
        assertThat(simulator.records("Lead")).hasSize(1);

        simulator.setApiUsage(10);

        await().atMost(Duration.ofSeconds(20)).until(() -> "EXPORTED".equals(status(second.get(0))));
        assertThat(simulator.records("Lead")).hasSize(2);
    }

    @Test
    void anExhaustedAllowanceKeepsContactsPendingAndManualPushesGetAClearAnswer() {
        simulator.settings().setDailyApiLimit(1000);
        simulator.setApiUsage(1000);
        List<Long> ids = store(contact("Over", "Limit", "over@example.com", "Co", null));

        await().atMost(Duration.ofSeconds(20)).until(() -> export(ids.get(0)).hasNonNull("error"));
        assertThat(status(ids.get(0))).isEqualTo("PENDING");
        assertThat(export(ids.get(0)).get("error").get("code").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        ResponseEntity<String> refused = post("/api/pushes", toJson(Map.of("contactIds", ids, "requestedBy", "a@example.com")));
        assertThat(refused.getStatusCode().value()).isEqualTo(503);
        assertThat(read(refused.getBody()).get("error").asText()).contains("allowance is used up");

        simulator.setApiUsage(0);

        await().atMost(Duration.ofSeconds(20)).until(() -> "EXPORTED".equals(status(ids.get(0))));
        assertThat(simulator.records("Lead")).hasSize(1);
    }
}
