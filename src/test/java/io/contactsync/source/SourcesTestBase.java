package io.contactsync.source;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.contactsync.config.EmbeddedPostgresServer;
import io.contactsync.e2e.EndToEndTest;
import java.nio.file.Path;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service with the staging-table and mailbox sources switched on, against real parts: a second embedded
 * PostgreSQL (the "external" database, its own data directory) and GreenMail's IMAP server. Subclasses share
 * one Spring context.
 */
abstract class SourcesTestBase extends EndToEndTest {

    static final String MAILBOX_USER = "contacts@example.com";
    static final String MAILBOX_PASSWORD = "mailbox-secret";

    static final EmbeddedPostgresServer STAGING_SERVER = EmbeddedPostgresServer.acquire(Path.of("target", "test-staging-postgres"), 0);
    static final JdbcTemplate STAGING = new JdbcTemplate(new DriverManagerDataSource(
            STAGING_SERVER.jdbcUrl(), STAGING_SERVER.username(), STAGING_SERVER.password()));
    static final GreenMail IMAP = new GreenMail(ServerSetupTest.IMAP.dynamicPort());

    static {
        STAGING.execute("""
                drop table if exists crm_export;
                create table crm_export (export_id bigint primary key, first_name text, last_name text, email text,
                    company_name text, phone text, met_on date, lead_score int, internal_note text,
                    consumed_at timestamptz, import_status text)""");
        // the JVM's end stops the second PostgreSQL and the mail server (nothing left running after the tests)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            IMAP.stop();
            STAGING_SERVER.release();
        }, "staging-postgres-stop"));
        IMAP.start();
        IMAP.setUser(MAILBOX_USER, MAILBOX_USER, MAILBOX_PASSWORD);
    }

    @DynamicPropertySource
    static void sources(DynamicPropertyRegistry registry) {
        registry.add("contactsync.sources.sql.enabled", () -> "true");
        registry.add("contactsync.sources.sql.url", STAGING_SERVER::jdbcUrl);
        registry.add("contactsync.sources.sql.username", STAGING_SERVER::username);
        registry.add("contactsync.sources.sql.password", STAGING_SERVER::password);
        registry.add("contactsync.sources.sql.table", () -> "crm_export");
        registry.add("contactsync.sources.sql.key-column", () -> "export_id");
        registry.add("contactsync.sources.sql.poll-delay", () -> "200");
        registry.add("contactsync.sources.imap.enabled", () -> "true");
        registry.add("contactsync.sources.imap.protocol", () -> "imap");
        registry.add("contactsync.sources.imap.host", () -> "127.0.0.1");
        registry.add("contactsync.sources.imap.port", () -> String.valueOf(IMAP.getImap().getPort()));
        registry.add("contactsync.sources.imap.username", () -> MAILBOX_USER);
        registry.add("contactsync.sources.imap.password", () -> MAILBOX_PASSWORD);
        registry.add("contactsync.sources.imap.poll-delay", () -> "300");
    }
}
