package io.contactsync.contact;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.web.ApiException;
import io.contactsync.web.RequestReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Reads {@code POST /api/contacts}: one contact or an array, all valid or none stored. */
@Component("contactIntake")
public class ContactIntake {

    private final RequestReader reader;
    private final int maxBatchSize;

    public ContactIntake(RequestReader reader, ContactSyncProperties properties) {
        this.reader = reader;
        this.maxBatchSize = properties.api().maxBatchSize();
    }

    public List<Contact> read(String body) {
        JsonNode tree = reader.tree(body);
        if (tree.isArray()) {
            if (tree.isEmpty()) {
                throw ApiException.badRequest(null, "the array holds no contact");
            }
            if (tree.size() > maxBatchSize) {
                throw new ApiException(413, null, "at most " + maxBatchSize + " contacts per request "
                        + "(contactsync.api.max-batch-size), got " + tree.size());
            }
            List<Contact> contacts = new ArrayList<>(tree.size());
            for (int i = 0; i < tree.size(); i++) {
                contacts.add(check(tree.get(i), "[" + i + "]"));
            }
            return contacts;
        }
        if (!tree.isObject()) {
            throw ApiException.badRequest(null, "a contact (JSON object) or an array of contacts expected");
        }
        return List.of(check(tree, ""));
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
