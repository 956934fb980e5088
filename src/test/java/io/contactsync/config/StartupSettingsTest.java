package io.contactsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsync.config.StartupSettings.StartupSettingException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The checks a start makes before anything runs: each refusal names what to set. */
class StartupSettingsTest {

    private static StandardEnvironment environment(String... pairs) {
        Map<String, Object> map = new HashMap<>(Map.of("server.port", "0", "contactsync.simulator.port", "0",
                "spring.datasource.url", "jdbc:postgresql://localhost/none"));
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", map));
        return environment;
    }

    private static StandardEnvironment processed(String... pairs) {
        StandardEnvironment environment = environment(pairs);
        new StartupSettings(new DeferredLogs()).postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    private static String refusal(String... pairs) {
        StartupSettingException refused = (StartupSettingException) org.assertj.core.api.Assertions
                .catchThrowable(() -> processed(pairs));
        assertThat(refused).as("refused").isNotNull();
        return refused.getMessage() + " / " + refused.action();
    }

    @Test
    void theDefaultStartRunsTheSimulatorOnTheProjectsRoutes() {
        StandardEnvironment environment = processed();
        assertThat(environment.getProperty("contactsync.routes-location")).isEqualTo("file:routes");
    }

    @Test
    void orgModeNamesTheMissingVariable() {
        assertThat(refusal("contactsync.salesforce.mode", "org")).contains("no client id", "SALESFORCE_CLIENT_ID");
        // a client id alone starts: an admin connects the org from the page
        processed("contactsync.salesforce.mode", "org", "contactsync.salesforce.client-id", "3MVG9");
        assertThat(refusal("contactsync.salesforce.mode", "org", "contactsync.salesforce.client-id", "3MVG9",
                "contactsync.salesforce.username", "sync@corp.com")).contains("SALESFORCE_PASSWORD");
        processed("contactsync.salesforce.mode", "org", "contactsync.salesforce.client-id", "3MVG9",
                "contactsync.salesforce.refresh-token", "5Aep861");
    }

    @Test
    void aClientIdInSimulatorModeIsNotSilentlyIgnored() {
        assertThat(refusal("contactsync.salesforce.client-id", "3MVG9")).contains("CONTACTSYNC_SALESFORCE_MODE=org");
        assertThat(refusal("contactsync.salesforce.mode", "sandbox")).contains("simulator or org");
    }

    @Test
    void aRoutesDirectoryThatIsNotThereIsRefused() {
        assertThat(refusal("contactsync.routes-dir", "/nowhere/routes")).contains("/nowhere/routes", "CONTACTSYNC_ROUTES_DIR");
        assertThat(processed("contactsync.routes-dir", "routes").getProperty("contactsync.routes-location"))
                .isEqualTo("file:routes");
    }

    @Test
    void aTakenPortIsRefusedNamingItsKey() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            assertThatThrownBy(() -> processed("server.port", String.valueOf(taken.getLocalPort())))
                    .isInstanceOf(StartFailureAnalyzers.PortTakenException.class)
                    .satisfies(e -> assertThat(((StartFailureAnalyzers.PortTakenException) e).key()).isEqualTo("server.port"));
        }
    }
}
