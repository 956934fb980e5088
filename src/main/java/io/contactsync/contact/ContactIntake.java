package io.contactsync.contact;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.web.ApiException;
import io.contactsync.web.RequestReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Checks contacts before they are stored: {@code POST /api/contacts} (one contact or an array, all valid or
 * none stored) and every other source, each contact by the same rules.
 */
@Component("contactIntake")
public class ContactIntake {

    /** The source of the contacts posted to the REST API. */
    public static final String API_SOURCE = "api";

    private final RequestReader reader;
    private final int maxBatchSize;

    public ContactIntake(RequestReader reader, ContactSyncProperties properties) {
        this.reader = reader;
        this.maxBatchSize = properties.api().maxBatchSize();
    }

    /** The contacts of a {@code POST /api/contacts} body, all valid (else the first refusal is thrown). */
    public List<Contact> read(String body) {
        return check(batch(body)).entries().stream().map(CheckedBatch.Entry::contact).toList();
    }

    /**
     * A {@code POST /api/contacts} body as a batch for {@code direct:contacts-ingest}: source {@code api},
     * no keys, all or none. The body as a whole is checked here (JSON, empty, too many).
     */
    public ContactBatch batch(String body) {
        JsonNode tree = reader.tree(body);
        if (tree.isArray()) {
            if (tree.isEmpty()) {
                throw ApiException.badRequest(null, "the array holds no contact");
            }
            if (tree.size() > maxBatchSize) {
                throw new ApiException(413, null, "at most " + maxBatchSize + " contacts per request "
                        + "(contactsync.api.max-batch-size), got " + tree.size());
            }
            List<ContactBatch.Item> items = new ArrayList<>(tree.size());
            for (int i = 0; i < tree.size(); i++) {
                items.add(new ContactBatch.Item(null, "[" + i + "]", tree.get(i)));
            }
            return new ContactBatch(API_SOURCE, true, items);
        }
        if (!tree.isObject()) {
            throw ApiException.badRequest(null, "a contact (JSON object) or an array of contacts expected");
        }
        return new ContactBatch(API_SOURCE, true, List.of(new ContactBatch.Item(null, "", tree)));
    }

    /**
     * Each contact of the batch checked with the rules of the REST API. All or nothing: the first refusal
     * is thrown; otherwise each refused contact carries its reason and the others go on.
     */
    public CheckedBatch check(ContactBatch batch) {
        if (batch.source() == null || batch.source().isBlank()) {
            throw new IllegalArgumentException("a batch of contacts needs the name of its source");
        }
        List<CheckedBatch.Entry> entries = new ArrayList<>(batch.items().size());
        for (ContactBatch.Item item : batch.items()) {
            try {
                if (item.contact() == null || !item.contact().isObject()) {
                    throw ApiException.badRequest(blankToNull(item.where()), "a contact (JSON object) expected");
                }
                reader.checkText(item.contact(), item.where());
                entries.add(new CheckedBatch.Entry(item.key(), check(item.contact(), item.where()), null));
            } catch (ApiException refused) {
                if (batch.allOrNothing()) {
                    throw refused;
                }
                entries.add(new CheckedBatch.Entry(item.key(), null, refused));
            }
        }
        return new CheckedBatch(batch.source(), entries);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private Contact check(JsonNode node, String where) {
        JsonNode custom = node.get("custom");
        if (custom != null && custom.isObject()) {
            custom.fields().forEachRemaining(entry -> {
                if (entry.getValue().isNull()) {
                    String field = (where.isEmpty() ? "" : where + ".") + "custom." + entry.getKey();
                    throw ApiException.badRequest(field, field + " is null; leave the key out instead");
                }
            });
        }
        return check(reader.read(node, Contact.class, where), where);
    }

    private Contact check(Contact c, String where) {
        String prefix = where.isEmpty() ? "" : where + ".";
        if (c.id() != null) {
            throw ApiException.badRequest(prefix + "id", "id is given by the service, not the client");
        }
        for (ContactLimits.Limit limit : ContactLimits.TEXT_FIELDS.values()) {
            String value = limit.value().apply(c);
            if (value != null && value.length() > limit.maxLength()) {
                throw ApiException.badRequest(prefix + limit.field(), limit.field() + " is " + value.length()
                        + " characters long; Salesforce's " + limit.salesforceField() + " takes at most " + limit.maxLength());
            }
        }
        String street = c.street();
        if (street != null && street.length() > ContactLimits.STREET) {
            throw ApiException.badRequest(prefix + "addressLine2", "addressLine1 and addressLine2 together are "
                    + street.length() + " characters long; Salesforce's Street takes at most " + ContactLimits.STREET);
        }
        checkEmail(prefix, "email", c.email());
        checkEmail(prefix, "metBy", c.metBy());
        checkCustom(prefix, c.custom());
        if (blank(c.firstName()) && blank(c.lastName()) && blank(c.email())) {
            throw ApiException.badRequest(prefix + "lastName", "a contact needs at least a firstName, lastName or email");
        }
        return c;
    }

    private static void checkEmail(String prefix, String field, String value) {
        if (!blank(value) && !ContactLimits.EMAIL_ADDRESS.matcher(value.strip()).matches()) {
            throw ApiException.badRequest(prefix + field, field + " '" + value + "' is not an email address");
        }
    }

    private void checkCustom(String prefix, Map<String, Object> custom) {
        if (custom.size() > ContactLimits.CUSTOM_KEYS) {
            throw ApiException.badRequest(prefix + "custom", "custom holds " + custom.size() + " keys, at most "
                    + ContactLimits.CUSTOM_KEYS + " are kept");
        }
        int total = 2;
        for (Map.Entry<String, Object> entry : custom.entrySet()) {
            int length = jsonLength(entry.getValue());
            if (length > ContactLimits.CUSTOM_CHARS) {
                throw ApiException.badRequest(prefix + "custom." + entry.getKey(), "custom." + entry.getKey() + " is "
                        + length + " characters long, at most " + ContactLimits.CUSTOM_CHARS);
            }
            total += jsonLength(entry.getKey()) + 2 + length;
        }
        if (total > ContactLimits.CUSTOM_CHARS) {
            throw ApiException.badRequest(prefix + "custom", "custom is " + total + " characters long as JSON, at most "
                    + ContactLimits.CUSTOM_CHARS);
        }
    }

    private int jsonLength(Object value) {
        return value instanceof String text && text.length() > ContactLimits.CUSTOM_CHARS
                ? text.length() : reader.json(value).length();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
