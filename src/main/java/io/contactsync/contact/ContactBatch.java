package io.contactsync.contact;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Contacts from one source on their way to {@code direct:contacts-ingest}: each as JSON, read with the
 * rules of the REST API, with the source's own key of it (null: no key, stored every time).
 *
 * @param source       where the contacts come from: {@code api}, {@code file-drop}, …
 * @param allOrNothing one refused contact refuses the whole batch (the REST API's answer)
 */
public record ContactBatch(String source, boolean allOrNothing, List<Item> items) {

    /**
     * @param key     the source's key of the contact (file name and row hash, message id, …)
     * @param where   how errors name it, e.g. {@code [3]} for the REST API, empty for one contact
     * @param contact the contact's fields as the REST API takes them
     */
    public record Item(String key, String where, JsonNode contact) { }
}
