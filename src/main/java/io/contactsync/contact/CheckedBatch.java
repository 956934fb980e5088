package io.contactsync.contact;

import io.contactsync.web.ApiException;
import java.util.List;

/** A {@link ContactBatch} after intake: each item either a valid contact or the reason it is refused. */
public record CheckedBatch(String source, List<Entry> entries) {

    public record Entry(String key, Contact contact, ApiException refusal) { }
}
