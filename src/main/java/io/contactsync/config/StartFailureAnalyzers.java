package io.contactsync.config;

import io.contactsync.config.EmbeddedPostgresServer.DataDirectoryInUseException;
import io.contactsync.config.StartupSettings.StartupSettingException;
import java.sql.SQLException;
import java.util.Locale;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * What a start that fails for a reason a newcomer meets prints instead of a stack trace: one line
 * saying what is wrong, one saying which setting to change (registered in META-INF/spring.factories).
 */
public final class StartFailureAnalyzers {

    private StartFailureAnalyzers() { }

    /** A Salesforce mode without credentials, routes that cannot be found. */
    public static final class Settings extends AbstractFailureAnalyzer<StartupSettingException> {
        @Override
        protected FailureAnalysis analyze(Throwable root, StartupSettingException cause) {
            return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
        }
    }

    /** Another process runs on the same embedded data directory. */
    public static final class DataDirectoryInUse extends AbstractFailureAnalyzer<DataDirectoryInUseException> {
        @Override
        protected FailureAnalysis analyze(Throwable root, DataDirectoryInUseException cause) {
            return new FailureAnalysis("The embedded database in " + cause.dataDirectory() + " is used by another running "
                    + "contact-sync" + (cause.pid() == null ? "" : " (pid " + cause.pid() + ")") + ".",
                    "Stop the other one, or give this one a directory of its own with contactsync.embedded-db.data-dir "
                            + "(and server.port, contactsync.simulator.port), or a shared external database with "
                            + "spring.datasource.url.", cause);
        }
    }

    /** A port the service or its simulator listens on is taken; names the key that moves it. */
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public static final class PortTaken extends AbstractFailureAnalyzer<PortInUseException> {
        @Override
        protected FailureAnalysis analyze(Throwable root, PortInUseException cause) {
            int port = cause.getPort();
            String key = cause instanceof PortTakenException taken ? taken.key() : "server.port";
            String variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            return new FailureAnalysis("Port " + port + " (" + key + ") is in use by another process.",
                    "Stop that process, or start on another port: --" + key + "=" + (port + 1) + " (or " + variable + "="
                            + (port + 1) + "; with mvn spring-boot:run: -Dspring-boot.run.arguments=--" + key + "="
                            + (port + 1) + ").", cause);
        }
    }

    /** A port taken, with the setting that chooses it. */
    public static final class PortTakenException extends PortInUseException {

        private final String key;

        public PortTakenException(int port, String key, Throwable cause) {
            super(port, cause);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** The external database named by spring.datasource.url cannot be reached or refuses the login. */
    public static final class DatabaseUnreachable extends AbstractFailureAnalyzer<SQLException> {

        private final Environment environment;

        public DatabaseUnreachable(Environment environment) {
            this.environment = environment;
        }

        @Override
        protected FailureAnalysis analyze(Throwable root, SQLException cause) {
            String url = environment.getProperty("spring.datasource.url");
            String state = cause.getSQLState();
            if (url == null || url.isBlank() || state == null) {
                return null;
            }
            if (state.startsWith("08")) {
                return new FailureAnalysis("The database at " + url + " cannot be reached: " + cause.getMessage(),
                        "Start it, or correct spring.datasource.url (SPRING_DATASOURCE_URL); without a URL the service "
                                + "runs an embedded PostgreSQL.", cause);
            }
            if (state.startsWith("28")) {
                return new FailureAnalysis("The database at " + url + " refuses the login: " + cause.getMessage(),
                        "Set spring.datasource.username and spring.datasource.password (SPRING_DATASOURCE_USERNAME, "
                                + "SPRING_DATASOURCE_PASSWORD).", cause);
            }
            return null;
        }
    }
}
