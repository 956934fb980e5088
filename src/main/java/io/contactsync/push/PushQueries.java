package io.contactsync.push;

import io.contactsync.web.ApiException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Reads a push's progress for the API. */
@Component("pushQueries")
public class PushQueries {

    private final PushStore store;

    public PushQueries(PushStore store) {
        this.store = store;
    }

    public PushProgress get(String id) {
        UUID pushId;
        try {
            pushId = UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.badRequest("id", "a push id is a UUID, was '" + id + "'");
        }
        return store.progress(pushId).orElseThrow(() -> ApiException.notFound("no push with id " + pushId));
    }
}
