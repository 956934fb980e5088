package io.contactsync.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.contactsync.simulator.SalesforceSimulator;
import io.contactsync.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The org's secrets (password, client secret, access tokens) and the users' passwords appear in no
 * log line, no API answer, no actuator output and no mail, through logins, a revoked token and a
 * refused login.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SecretsTest {

    private static final String PASSWORD = "Pa55-w0rd-SECRET-7731";
    private static final String CLIENT_SECRET = "client-SECRET-0042";
    private static final SalesforceSimulator ORG;

    static {
        SimulatorSettings settings = new SimulatorSettings();
        settings.setPort(0);
        settings.setPassword(PASSWORD);
        ORG = new SalesforceSimulator(settings);
        ORG.start();
    }

    @DynamicPropertySource
    static void org(DynamicPropertyRegistry registry) {
        registry.add("contactsync.salesforce.login-url", ORG::loginUrl);
        registry.add("contactsync.salesforce.mode", () -> "org");
        registry.add("contactsync.salesforce.client-id", () -> "3MVG9-contact-sync");
        registry.add("contactsync.salesforce.client-secret", () -> CLIENT_SECRET);
        registry.add("contactsync.salesforce.username", () -> "integration@contactsync.local");
        registry.add("contactsync.salesforce.password", () -> PASSWORD);
        registry.add("contactsync.mail.admins", () -> "ops@example.com");
    }

    @AfterAll
    static void stopOrg() {
        ORG.stop();
    }

    @Autowired
    private TestRestTemplate anonymous;

    @Test
    void noSecretLeavesTheService(CapturedOutput output) {
        TestRestTemplate admin = anonymous.withBasicAuth("admin", "admin-secret");
        ResponseEntity<String> stored = admin.postForEntity("/api/contacts", SecurityTest.json("""
                [{"firstName": "Ada", "lastName": "Lovelace", "email": "ada.secret@example.com", "company": "Co"}]"""),
                String.class);
        long id = Long.parseLong(stored.getBody().replaceAll(".*\\[(\\d+)].*", "$1"));
        admin.postForEntity("/api/pushes", SecurityTest.json("{\"contactIds\": [" + id + "], \"requestedBy\": \"a@example.com\"}"),
                String.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> ORG.records("Lead").size() == 1);
        ORG.revokeTokens();
        ORG.settings().setLoginBlocked(true);
        String health = admin.getForObject("/actuator/health", String.class);
        ORG.settings().setLoginBlocked(false);

        List<String> answers = List.of(health, admin.getForObject("/actuator/info", String.class),
                admin.getForObject("/actuator/prometheus", String.class) + "", admin.getForObject("/api/mails", String.class),
                admin.getForObject("/api/contacts/" + id, String.class));
        assertThat(health).contains("invalid_grant");
        assertThat(admin.getForObject("/api/mails", String.class)).contains("ops@example.com");
        for (String text : answers) {
            assertThat(text).doesNotContain(PASSWORD).doesNotContain(CLIENT_SECRET).doesNotContain("admin-secret");
        }
        assertThat(admin.getForEntity("/actuator/env", String.class).getStatusCode().value()).isEqualTo(404);
        assertThat(output.getAll()).contains("Login successful")
                .doesNotContain(PASSWORD).doesNotContain(CLIENT_SECRET).doesNotContain("admin-secret")
                // access tokens are the 15-character org id, '!' and a random part
                .doesNotContainPattern("00D[0-9A-Za-z]{12}![0-9A-Za-z_-]{20,}");
        Map<String, Long> calls = ORG.callCounts();
        assertThat(calls.get("token")).isGreaterThanOrEqualTo(2);
    }
}
