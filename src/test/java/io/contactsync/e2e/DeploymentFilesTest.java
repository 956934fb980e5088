package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsync.config.StartupSettingsAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.ResponseEntity;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files, which cannot be run here (no container engine): compose.yaml, the Dockerfile
 * and .dockerignore parsed and held to what the service needs, and the health path the image checks.
 */
class DeploymentFilesTest extends EndToEndTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(Path.of("compose.yaml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws IOException {
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        assertThat(services).as("compose.yaml services").containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTwoInstancesOnOneDatabaseAgainstTheSimulatorAsAnOrg() throws IOException {
        assertThat(((Map<String, Object>) compose().get("services")).keySet())
                .contains("postgres", "mailpit", "simulator", "contact-sync-1", "contact-sync-2");
        for (String instance : List.of("contact-sync-1", "contact-sync-2")) {
            Map<String, Object> service = service(instance);
            assertThat(service).containsKeys("build", "ports");
            Map<String, String> env = (Map<String, String>) service.get("environment");
            assertThat(env.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://postgres:");
            assertThat(env.get("CONTACTSYNC_SALESFORCE_LOGIN_URL")).isEqualTo("http://simulator:8091");
            assertThat(env.get("CONTACTSYNC_MAIL_HOST")).isEqualTo("mailpit");
            // the settings pass the same start check as a real start (org mode, client id and credentials)
            StandardEnvironment environment = new StandardEnvironment();
            new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yaml"))
                    .forEach(environment.getPropertySources()::addLast);
            environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("compose", Map.copyOf(env)));
            StartupSettingsAccess.checkSalesforce(environment);
            assertThat(environment.getProperty("contactsync.salesforce.client-id")).isEqualTo("contact-sync-compose");
        }
        assertThat(service("contact-sync-1").get("ports")).isNotEqualTo(service("contact-sync-2").get("ports"));
        assertThat(String.valueOf(service("simulator").get("command"))).contains("--host=0.0.0.0", "--port=8091");
        assertThat(String.valueOf(service("postgres").get("healthcheck"))).contains("pg_isready");
    }

    @Test
    void theImageRunsAgainstAnOrgChecksItsHealthAndLeavesLocalFoldersOut() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).contains("HEALTHCHECK", "/actuator/health/liveness", "CONTACTSYNC_SALESFORCE_MODE=org",
                "CONTACTSYNC_SIMULATOR_HOST=0.0.0.0", "COPY routes /app/routes", "EXPOSE 8080 8091", "USER contactsync");
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).contains("target/", "data/", ".git/");

        ResponseEntity<String> liveness = anonymous.getForEntity("/actuator/health/liveness", String.class);
        assertThat(liveness.getStatusCode().value()).isEqualTo(200);
        assertThat(liveness.getBody()).contains("\"UP\"");
    }
}
