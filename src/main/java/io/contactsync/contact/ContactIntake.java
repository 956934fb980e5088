package io.contactsync.contact;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.web.ApiException;
import io.contactsync.web.RequestReader;
import java.util.ArrayList;
import java.util.List;
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
                contacts.add(check(reader.read(tree.get(i), Contact.class, "[" + i + "]"), "[" + i + "]"));
            }
            return contacts;
        }
        if (!tree.isObject()) {
            throw ApiException.badRequest(null, "a contact (JSON object) or an array of contacts expected");
        }
        return List.of(check(reader.read(tree, Contact.class, ""), ""));
    }

    private static Contact check(Contact c, String where) {
        String prefix = where.isEmpty() ? "" : where + ".";
        if (c.id() != null) {
            throw ApiException.badRequest(prefix + "id", "id is given by the service, not the client");
        }
        if (blank(c.firstName()) && blank(c.lastName()) && blank(c.email())) {
            throw ApiException.badRequest(prefix + "lastName", "a contact needs at least a firstName, lastName or email");
        }
        return c;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
