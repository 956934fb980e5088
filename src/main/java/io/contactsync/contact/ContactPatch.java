package io.contactsync.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.web.ApiException;
import io.contactsync.web.RequestReader;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code PATCH /api/contacts/{id}}: the fields given replace the stored ones ({@code null} clears one),
 * the others stay. The given fields are read as strictly as a POST (unknown fields, wrong types) and the
 * changed contact passes the POST's checks, so a PATCH cannot store what a POST would refuse.
 */
@Component("contactPatch")
public class ContactPatch {

    private final RequestReader reader;
    private final ContactIntake intake;
    private final ContactStore store;
    private final ObjectMapper json;

    public ContactPatch(RequestReader reader, ContactIntake intake, ContactStore store, ObjectMapper json) {
        this.reader = reader;
        this.intake = intake;
        this.store = store;
        this.json = json;
    }

    /** Applies the change; answers whether the contact changed (an unchanged one is not written). */
    @Transactional
    public boolean apply(String id, String body) {
        long contactId = id(id);
        JsonNode patch = reader.tree(body);
        if (!patch.isObject()) {
            throw ApiException.badRequest(null, "a JSON object with the fields to change expected");
        }
        if (patch.isEmpty()) {
            throw ApiException.badRequest(null, "the object names no field to change");
        }
        if (patch.has("id")) {
            throw ApiException.badRequest("id", "id is given by the service, not the client");
        }
        reader.read(patch, Contact.class, "");
        Contact current = store.lock(contactId)
                .orElseThrow(() -> ApiException.notFound("no contact with id " + contactId));
        ObjectNode merged = json.valueToTree(current);
        merged.remove("id");
        merged.setAll((ObjectNode) patch);
        Contact changed = intake.read(merged.toString()).get(0).withId(contactId);
        if (changed.equals(current)) {
            return false;
        }
        store.update(changed);
        return true;
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no contact with id " + id);
        }
    }
}
