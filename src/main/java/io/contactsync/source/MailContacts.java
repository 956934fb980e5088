package io.contactsync.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.contact.ContactBatch;
import io.contactsync.web.ApiException;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * A mail of the contacts mailbox (routes/sources/imap.camel.yaml) as contacts: each vCard attachment
 * (.vcf, text/vcard, text/x-vcard) card by card, and a plain-text body of "Label: value" lines (Name,
 * Email, Company, Phone, … any column name of csv-columns.yaml). The key is the Message-ID and the
 * attachment's number (0 for the body): the same mail read again is stored once. A mail with neither, or
 * with a malformed vCard, is unreadable (400): the route flags it and moves it aside.
 */
@Component("mailContacts")
public class MailContacts {

    public static final String SOURCE = "imap";

    private final VcardContacts vcard;
    private final CsvContacts columns;
    private final SourceText text;
    private final ObjectMapper json;

    public MailContacts(VcardContacts vcard, CsvContacts columns, SourceText text, ObjectMapper json) {
        this.vcard = vcard;
        this.columns = columns;
        this.text = text;
        this.json = json;
    }

    /** The contacts of the mail: its vCard attachments, else the Name/Email/Company/Phone lines of its text. */
    public ContactBatch batch(MimeMessage mail) throws MessagingException, IOException {
        String id = mail.getMessageID() != null ? mail.getMessageID()
                : "no-id:" + VcardContacts.hash(String.valueOf(mail.getSentDate()) + mail.getSubject());
        List<ContactBatch.Item> items = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        flatten(mail, parts);
        String plain = null;
        int attachment = 0;
        for (Part part : parts) {
            String fileName = part.getFileName();
            boolean isAttachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || fileName != null;
            if (isAttachment) {
                attachment++;
            }
            if (isVcard(part, fileName)) {
                String cards = text.decode(read(part));
                items.addAll(vcard.batch(cards, SOURCE, id + "#" + attachment).items());
            } else if (!isAttachment && plain == null && part.isMimeType("text/plain")) {
                plain = String.valueOf(part.getContent());
            }
        }
        if (items.isEmpty() && plain != null) {
            ObjectNode contact = fromLines(plain);
            if (!contact.isEmpty()) {
                items.add(new ContactBatch.Item(id + "#0", "", contact));
            }
        }
        if (items.isEmpty()) {
            throw ApiException.badRequest(null, "the mail holds no vCard attachment and no 'Name: … / Email: …' lines");
        }
        return new ContactBatch(SOURCE, false, items);
    }

    /** Marks an unreadable mail FLAGGED, so that it stands out in the folder it is moved to. */
    public void flag(MimeMessage mail) throws MessagingException {
        mail.setFlag(Flags.Flag.FLAGGED, true);
    }

    /** "Label: value" lines; labels as in csv-columns.yaml, and Name / Full Name split into first and last name. */
    ObjectNode fromLines(String body) {
        ObjectNode contact = json.createObjectNode();
        for (String line : body.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String label = CsvContacts.normalise(line.substring(0, colon).strip().replaceFirst("^[>*\\s]+", ""));
            String value = line.substring(colon + 1).strip();
            if (value.isEmpty()) {
                continue;
            }
            if (label.equals("name") || label.equals("fullname")) {
                int space = value.lastIndexOf(' ');
                putOnce(contact, "firstName", space < 0 ? null : value.substring(0, space));
                putOnce(contact, "lastName", space < 0 ? value : value.substring(space + 1));
            } else {
                String field = columns.field(label);
                if (field != null && !field.equals("leadScore")) {
                    putOnce(contact, field, value);
                }
            }
        }
        return contact;
    }

    private static void putOnce(ObjectNode contact, String field, String value) {
        if (value != null && !value.isBlank() && !contact.has(field)) {
            contact.put(field, value.strip());
        }
    }

    private static boolean isVcard(Part part, String fileName) throws MessagingException {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".vcf") || name.endsWith(".vcard") || part.isMimeType("text/vcard")
                || part.isMimeType("text/x-vcard") || part.isMimeType("text/directory");
    }

    private static void flatten(Part part, List<Part> into) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                flatten(child, into);
            }
        } else {
            into.add(part);
        }
    }

    private static byte[] read(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }
}
