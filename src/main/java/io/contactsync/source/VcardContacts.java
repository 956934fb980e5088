package io.contactsync.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ezvcard.Ezvcard;
import ezvcard.VCard;
import ezvcard.io.ParseWarning;
import ezvcard.parameter.AddressType;
import ezvcard.parameter.EmailType;
import ezvcard.parameter.TelephoneType;
import ezvcard.property.Address;
import ezvcard.property.Email;
import ezvcard.property.FormattedName;
import ezvcard.property.Note;
import ezvcard.property.Organization;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import ezvcard.property.Title;
import ezvcard.property.Url;
import io.contactsync.contact.ContactBatch;
import io.contactsync.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Reads vCards (2.1, 3.0 and 4.0, with ez-vcard) into contacts for {@code direct:contacts-ingest}. A file
 * that is not well-formed (no card, a card without END:VCARD, a line the reader had to skip) is refused
 * whole, naming the line, so that no part of it is stored. Each card's key is the given prefix (file name,
 * Message-ID and attachment) and a hash of the contact read from it: the same card again is stored once.
 */
@Component("vcardContacts")
public class VcardContacts {

    /** A warning code of ez-vcard: the reader skipped a line or value, so the card would be stored incomplete. */
    private static final int SKIPPED = 27;
    private static final Pattern BEGIN = Pattern.compile("(?im)^\\s*BEGIN\\s*:\\s*VCARD\\s*$");
    private static final Pattern END = Pattern.compile("(?im)^\\s*END\\s*:\\s*VCARD\\s*$");

    private final ObjectMapper json;

    public VcardContacts(ObjectMapper json) {
        this.json = json;
    }

    /** The cards of the text as contacts of {@code source}, keyed by {@code keyPrefix} and a hash of each contact. */
    public ContactBatch batch(String text, String source, String keyPrefix) {
        List<ContactBatch.Item> items = new ArrayList<>();
        for (ObjectNode contact : contacts(text)) {
            items.add(new ContactBatch.Item(keyPrefix + ":" + hash(contact.toString()), "", contact));
        }
        return new ContactBatch(source, false, items);
    }

    /** The cards as contacts (the REST API's field names), in the file's order; 400 for a malformed file. */
    public List<ObjectNode> contacts(String text) {
        int begins = count(BEGIN, text);
        if (begins == 0) {
            throw ApiException.badRequest(null, "no vCard in the file (BEGIN:VCARD … END:VCARD)");
        }
        int ends = count(END, text);
        if (ends != begins) {
            throw ApiException.badRequest(null, "the file is not a well-formed vCard: " + begins + " BEGIN:VCARD but "
                    + ends + " END:VCARD; nothing is stored");
        }
        List<List<ParseWarning>> warnings = new ArrayList<>();
        List<VCard> cards = Ezvcard.parse(text).warnings(warnings).all();
        for (int i = 0; i < warnings.size(); i++) {
            for (ParseWarning warning : warnings.get(i)) {
                if (warning.getCode() != null && warning.getCode() == SKIPPED) {
                    throw ApiException.badRequest(null, "vCard " + (i + 1) + " is malformed: " + describe(warning)
                            + "; nothing is stored");
                }
            }
        }
        if (cards.size() != begins) {
            throw ApiException.badRequest(null, "the file is not a well-formed vCard: " + begins + " BEGIN:VCARD but "
                    + cards.size() + " cards read; nothing is stored");
        }
        return cards.stream().map(this::contact).toList();
    }

    /** The cards as one batch, as the drop folder's split takes it (a vCard file is small: read whole). */
    public java.util.Iterator<ContactBatch> batches(String text, String source, String keyPrefix) {
        return List.of(batch(text, source, keyPrefix)).iterator();
    }

    /** The refused cards, one line each: card number (1 = the first), the reason and what the card held. */
    public String rejected(FileTally tally, String text) {
        List<ObjectNode> contacts = contacts(text);
        StringBuilder out = new StringBuilder("card;reason;contact\r\n");
        tally.getRefusals().forEach((card, reason) -> out.append(card).append(';').append(reason.replace(';', ','))
                .append(';').append(contacts.get(card - 1)).append("\r\n"));
        return out.toString();
    }

    ObjectNode contact(VCard card) {
        ObjectNode c = json.createObjectNode();
        StructuredName n = card.getStructuredName();
        if (n != null) {
            put(c, "namePrefix", String.join(" ", n.getPrefixes()));
            put(c, "firstName", n.getGiven());
            put(c, "lastName", n.getFamily());
        }
        FormattedName fn = card.getFormattedName();
        if (!c.has("firstName") && !c.has("lastName") && fn != null && fn.getValue() != null) {
            String full = fn.getValue().strip();
            int space = full.lastIndexOf(' ');
            put(c, "firstName", space < 0 ? null : full.substring(0, space));
            put(c, "lastName", space < 0 ? full : full.substring(space + 1));
        }
        card.getEmails().stream().filter(e -> e.getTypes().contains(EmailType.WORK) || e.getPref() != null)
                .findFirst().or(() -> card.getEmails().stream().findFirst())
                .map(Email::getValue).ifPresent(v -> put(c, "email", v));
        for (Telephone tel : card.getTelephoneNumbers()) {
            String number = tel.getText() != null ? tel.getText() : tel.getUri() == null ? null : tel.getUri().getNumber();
            boolean mobile = tel.getTypes().contains(TelephoneType.CELL);
            if (!tel.getTypes().contains(TelephoneType.FAX) && !tel.getTypes().contains(TelephoneType.PAGER)) {
                put(c, mobile ? "phoneMobile" : "phoneWork", number);
            }
        }
        Organization org = card.getOrganization();
        if (org != null && !org.getValues().isEmpty()) {
            put(c, "company", org.getValues().get(0));
            put(c, "department", org.getValues().size() > 1 ? org.getValues().get(1) : null);
        }
        card.getTitles().stream().findFirst().map(Title::getValue).ifPresent(v -> put(c, "title", v));
        card.getUrls().stream().findFirst().map(Url::getValue).ifPresent(v -> put(c, "website", v));
        card.getAddresses().stream().filter(a -> a.getTypes().contains(AddressType.WORK)).findFirst()
                .or(() -> card.getAddresses().stream().findFirst()).ifPresent(a -> address(c, a));
        String notes = card.getNotes().stream().map(Note::getValue).filter(v -> v != null && !v.isBlank())
                .collect(Collectors.joining("\n"));
        put(c, "notes", notes);
        return c;
    }

    private static void address(ObjectNode c, Address a) {
        put(c, "addressLine1", a.getStreetAddressFull());
        put(c, "addressLine2", a.getExtendedAddressFull());
        put(c, "zip", a.getPostalCode());
        put(c, "city", a.getLocality());
        put(c, "country", a.getCountry());
    }

    /** Sets the field once, to its first non-blank value. */
    private static void put(ObjectNode c, String field, String value) {
        if (value != null && !value.isBlank() && !c.has(field)) {
            c.put(field, value.strip());
        }
    }

    private static String describe(ParseWarning warning) {
        String message = warning.getMessage() == null ? "" : warning.getMessage().replaceFirst("^\\(\\d+\\)\\s*", "");
        return (warning.getLineNumber() == null ? "" : "line " + warning.getLineNumber() + ": ") + message;
    }

    private static int count(Pattern pattern, String text) {
        return (int) pattern.matcher(text).results().count();
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
