package io.contactsync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.activation.DataHandler;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** routes/sources/imap.camel.yaml against GreenMail's IMAP: vCard attachments and Name/Email lines become contacts. */
class ImapSourceTest extends SourcesTestBase {

    private static final Session SESSION = Session.getInstance(new Properties());

    private static final String TWO_CARDS = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lovelace;Ada;;;\r\nEMAIL:ada@example.com\r\n"
            + "ORG:Engines Ltd\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Grace Hopper\r\nEMAIL:grace@example.com\r\n"
            + "END:VCARD\r\n";

    @BeforeEach
    void emptyMailbox() throws Exception {
        IMAP.purgeEmailFromAllMailboxes();
    }

    private int fromMail() {
        return jdbc.queryForObject("select count(*) from contact where source = 'imap'", Integer.class);
    }

    private MimeMessage mail(String messageId, String text, String attachmentName, String attachment) throws Exception {
        MimeMessage mail = new MimeMessage(SESSION) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        mail.setFrom(new InternetAddress("seller@example.com"));
        mail.setRecipients(jakarta.mail.Message.RecipientType.TO, SourcesTestBase.MAILBOX_USER);
        mail.setSubject("Contacts from the fair");
        MimeMultipart parts = new MimeMultipart();
        MimeBodyPart body = new MimeBodyPart();
        body.setText(text, "UTF-8");
        parts.addBodyPart(body);
        if (attachment != null) {
            MimeBodyPart file = new MimeBodyPart();
            file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.getBytes(StandardCharsets.UTF_8), "text/vcard")));
            file.setFileName(attachmentName);
            parts.addBodyPart(file);
        }
        mail.setContent(parts);
        mail.saveChanges();
        return mail;
    }

    private void deliver(MimeMessage mail) throws Exception {
        GreenMailUser user = IMAP.getUserManager().getUser(MAILBOX_USER);
        IMAP.getManagers().getImapHostManager().getInbox(user).store(mail);
    }

    private List<StoredMessage> folder(String name) {
        GreenMailUser user = IMAP.getUserManager().getUser(MAILBOX_USER);
        ImapHostManager host = IMAP.getManagers().getImapHostManager();
        MailFolder folder = host.getFolder(user, name);
        return folder == null ? List.of() : folder.getNonDeletedMessages();
    }

    @Test
    void vcardAttachmentsAndPlainTextBecomeContactsAndTheMailsAreMoved() throws Exception {
        deliver(mail("<cards-1@example.com>", "Two cards from stand 4", "cards.vcf", TWO_CARDS));
        deliver(mail("<lines-1@example.com>", """
                Hi, met this one at the booth:

                Name: Carla Maria Cruz
                Email: carla@example.com
                Company: Cruz & Co
                Phone: +34 91 555 0101
                """, null, null));

        await().atMost(Duration.ofSeconds(30)).until(() -> folder("contacts-processed").size() == 2);

        assertThat(fromMail()).isEqualTo(3);
        assertThat(folder("INBOX")).isEmpty();
        JsonNode carla = get("/api/contacts?search=carla@example.com").get("contacts").get(0);
        assertThat(carla.get("firstName").asText()).isEqualTo("Carla Maria");
        assertThat(carla.get("lastName").asText()).isEqualTo("Cruz");
        assertThat(carla.get("company").asText()).isEqualTo("Cruz & Co");
        assertThat(carla.get("phoneWork").asText()).isEqualTo("+34 91 555 0101");
        assertThat(carla.get("source").asText()).isEqualTo("imap");
        assertThat(jdbc.queryForList("select source_key from contact where source = 'imap' order by source_key", String.class))
                .hasSize(3).anySatisfy(key -> assertThat(key).startsWith("<cards-1@example.com>#1:"))
                .contains("<lines-1@example.com>#0");

        // the same mail again (sent twice, or put back): its contacts are known by Message-ID and attachment
        deliver(mail("<cards-1@example.com>", "Two cards from stand 4", "cards.vcf", TWO_CARDS));
        await().atMost(Duration.ofSeconds(30)).until(() -> folder("contacts-processed").size() == 3);
        assertThat(fromMail()).isEqualTo(3);
    }

    @Test
    void anUnreadableMailIsFlaggedAndMovedAsideAndStoresNothing() throws Exception {
        String halfCard = TWO_CARDS + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Half;Written\r\nEMAIL:half@example.com\r\n";
        deliver(mail("<broken-1@example.com>", "see attachment", "broken.vcf", halfCard));
        deliver(mail("<nothing-1@example.com>", "Call me tomorrow!", null, null));

        await().atMost(Duration.ofSeconds(30)).until(() -> folder("contacts-unreadable").size() == 2);

        assertThat(fromMail()).isZero();
        assertThat(folder("contacts-unreadable")).allSatisfy(m -> assertThat(m.getFlags().contains(Flags.Flag.FLAGGED)).isTrue());
        assertThat(folder("INBOX")).isEmpty();
    }
}
