package io.contactsync.config;

import io.contactsync.config.StartFailureAnalyzers.PortTakenException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Settings decided before anything starts, so that a start that cannot work fails in a second with
 * one line naming what to set, and writes nothing:
 * <ul>
 * <li>where the routes, mapping and mail templates come from ({@code contactsync.routes-location}):
 *     {@code contactsync.routes-dir} when set (it must exist); else {@code ./routes} when present; else
 *     the copy inside the jar;</li>
 * <li>which Salesforce the service talks to ({@code contactsync.salesforce.mode}): {@code simulator}, the
 *     built-in one, or {@code org}, which needs a client id and one flow's credentials;</li>
 * <li>that the ports and the embedded data directory are free.</li>
 * </ul>
 */
public class StartupSettings implements EnvironmentPostProcessor {

    static final String ROUTES_LOCATION = "contactsync.routes-location";
    static final String ROUTES_PATTERN = "contactsync.routes-include-pattern";

    private final Log log;

    public StartupSettings(DeferredLogFactory logs) {
        this.log = logs.getLog(StartupSettings.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String location = routesLocation(environment);
        String pattern = location.startsWith("classpath:") ? routesInJar() : location + "/**/*.camel.yaml";
        environment.getPropertySources().addFirst(new MapPropertySource("contactsync-startup",
                Map.of(ROUTES_LOCATION, location, ROUTES_PATTERN, pattern)));
        checkSalesforce(environment);
        checkPorts(environment);
        if (!isSet(environment, "spring.datasource.url")) {
            EmbeddedPostgresServer.checkAvailable(Path.of(environment.getProperty("contactsync.embedded-db.data-dir",
                    "./data/postgres")));
        }
    }

    /** A taken port fails the start now, not after everything else has started. */
    /**
     * The jar's route files named one by one: Camel's own scan of {@code classpath:routes/**} in a nested jar
     * loses the sub-folder of a file (routes/sources/x.camel.yaml is looked for as routes/x.camel.yaml).
     */
    private static String routesInJar() {
        try {
            List<String> files = new ArrayList<>();
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:routes/**/*.camel.yaml")) {
                String url = resource.getURL().toString();
                files.add("classpath:" + url.substring(url.lastIndexOf("/routes/") + 1));
            }
            return String.join(",", files);
        } catch (IOException e) {
            throw new StartupSettingException("cannot list the routes inside the application: " + e.getMessage(),
                    "set contactsync.routes-dir (CONTACTSYNC_ROUTES_DIR) to a folder holding the routes");
        }
    }

    private static void checkPorts(ConfigurableEnvironment environment) {
        List<String> keys = new ArrayList<>(List.of("server.port"));
        if ("simulator".equalsIgnoreCase(environment.getProperty("contactsync.salesforce.mode", "simulator").strip())) {
            keys.add("contactsync.simulator.port");
        }
        for (String key : keys) {
            int port = environment.getProperty(key, Integer.class, key.equals("server.port") ? 8080 : 8091);
            if (port <= 0) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(port));
            } catch (IOException e) {
                throw new PortTakenException(port, key, e);
            }
        }
    }

    private String routesLocation(ConfigurableEnvironment environment) {
        String configured = environment.getProperty("contactsync.routes-dir");
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            if (!Files.isDirectory(dir)) {
                throw new StartupSettingException("contactsync.routes-dir is " + configured + ", which is not a directory",
                        "point contactsync.routes-dir (CONTACTSYNC_ROUTES_DIR) at the folder holding the *.camel.yaml "
                                + "files, or leave it unset to use ./routes or the routes inside the jar");
            }
            log.info("Routes: " + dir.toAbsolutePath().normalize());
            return "file:" + configured;
        }
        if (Files.isDirectory(Path.of("routes"))) {
            log.info("Routes: " + Path.of("routes").toAbsolutePath().normalize());
            return "file:routes";
        }
        if (new ClassPathResource("routes/rest-api.camel.yaml").exists()) {
            log.info("Routes: no ./routes in " + Path.of("").toAbsolutePath()
                    + ": running on the routes inside the jar (copy them out and set contactsync.routes-dir to edit them)");
            return "classpath:routes";
        }
        throw new StartupSettingException("no routes: neither ./routes nor a copy inside the application",
                "start the service from the project directory, or set contactsync.routes-dir (CONTACTSYNC_ROUTES_DIR)");
    }

    static void checkSalesforce(ConfigurableEnvironment environment) {
        String mode = environment.getProperty("contactsync.salesforce.mode", "simulator").strip().toLowerCase(Locale.ROOT);
        boolean clientId = isSet(environment, "contactsync.salesforce.client-id");
        switch (mode) {
            case "simulator" -> {
                if (clientId) {
                    throw new StartupSettingException("a Salesforce client id is set, but contactsync.salesforce.mode is "
                            + "simulator", "set CONTACTSYNC_SALESFORCE_MODE=org to sync with the org, or unset "
                            + "SALESFORCE_CLIENT_ID to use the built-in simulator");
                }
            }
            case "org" -> {
                if (!clientId) {
                    throw new StartupSettingException("contactsync.salesforce.mode is org, but no client id is set",
                            "set SALESFORCE_CLIENT_ID (contactsync.salesforce.client-id) to the connected app's consumer key");
                }
                boolean user = isSet(environment, "contactsync.salesforce.username");
                if (user && !isSet(environment, "contactsync.salesforce.password")) {
                    throw new StartupSettingException("a Salesforce user name is set without its password",
                            "set SALESFORCE_PASSWORD (contactsync.salesforce.password), the password followed by the "
                                    + "security token");
                }
                // none of them: the service starts, and an admin connects the org from the page (OAuth web-server flow)
            }
            default -> throw new StartupSettingException("contactsync.salesforce.mode is '" + mode + "'",
                    "set CONTACTSYNC_SALESFORCE_MODE to simulator or org");
        }
    }

    private static boolean isSet(ConfigurableEnvironment environment, String key) {
        String value = environment.getProperty(key);
        return value != null && !value.isBlank();
    }

    /** A setting the service cannot start with: what is wrong, and what to do. */
    public static final class StartupSettingException extends IllegalStateException {

        private final String action;

        StartupSettingException(String problem, String action) {
            super(problem);
            this.action = action;
        }

        public String action() {
            return action;
        }
    }
}
