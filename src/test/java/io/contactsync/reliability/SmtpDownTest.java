package io.contactsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.contactsync.simulator.SalesforceSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * With the SMTP server down, push summaries wait in the outbox (each round tries again and records
 * why it failed); when the server is back, every one of them goes out, once.
 */
class SmtpDownTest {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpDownTest.class);
    private static final int PUSHES = 3;

    private EmbeddedPostgres db;
    private SalesforceSimulator org;
    private JdbcTemplate jdbc;
    private GreenMail smtp;

    @BeforeEach
    void startDatabaseAndOrg() {
        db = Services.database();
        org = Services.org();
        jdbc = new JdbcTemplate(db.getPostgresDatabase());
    }

    @AfterEach
    void stop() throws Exception {
        if (smtp != null) {
            smtp.stop();
        }
        org.stop();
        db.close();
    }

    @Test
    void summariesWaitInTheOutboxWhileSmtpIsDownAndGoOutWhenItIsBack() throws Exception {
        ServerSetup setup = new ServerSetup(freePort(), "localhost", ServerSetup.PROTOCOL_SMTP);
        smtp = new GreenMail(setup);
        smtp.start();
        ConfigurableApplicationContext service = Services.start(db, org, "contactsync.mail.host=localhost",
                "contactsync.mail.port=" + setup.getPort(), "contactsync.mail.send-interval=200ms");
        try {
            smtp.stop();
            assertThat(Services.storeContacts(service, 1, PUSHES)).isEqualTo(201);
            List<Long> ids = jdbc.queryForList("select id from contact order by id", Long.class);
            for (int n = 0; n < PUSHES; n++) {
                HttpResponse<String> answer = Services.post(service, "/api/pushes", "{\"contactIds\": [" + ids.get(n)
                        + "], \"requestedBy\": \"requester" + n + "@example.com\"}");
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            }

            // every summary is written, tried more than once, and still waiting with the reason
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select count(*) from mail_outbox where kind = 'push-summary' and sent_at is null and attempts >= 3 "
                            + "and last_error is not null", Integer.class) == PUSHES);
            int attemptsWhileDown = jdbc.queryForObject("select sum(attempts) from mail_outbox", Integer.class);

            smtp = new GreenMail(setup);
            smtp.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select count(*) from mail_outbox where sent_at is not null", Integer.class) == PUSHES);
            // and none goes out twice
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> smtp.getReceivedMessages().length == PUSHES);
            List<String> recipients = Arrays.stream(smtp.getReceivedMessages()).map(SmtpDownTest::recipient).sorted().toList();
            assertThat(recipients).containsExactly("requester0@example.com", "requester1@example.com",
                    "requester2@example.com");
            assertThat(jdbc.queryForObject("select count(*) from mail_outbox where last_error is not null", Integer.class))
                    .isZero();
            LOG.info("SMTP down: {} summary mails waited through {} failed attempts, all {} sent once SMTP was back",
                    PUSHES, attemptsWhileDown, smtp.getReceivedMessages().length);
        } finally {
            service.close();
        }
    }

    private static String recipient(MimeMessage mail) {
        try {
            return mail.getAllRecipients()[0].toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
