package io.contactsync.push;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.settings.SyncSettings;
import io.contactsync.contact.ContactLimits;
import io.contactsync.contact.ContactStore;
import io.contactsync.salesforce.SalesforceStatus;
import io.contactsync.security.Caller;
import io.contactsync.sync.ExportStore;
import io.contactsync.sync.SyncChunk;
import io.contactsync.web.ApiException;
import io.contactsync.web.RequestReader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Starts a manual push: checks the request, remembers the push, claims its contacts. */
@Component("pushService")
public class PushService {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    private final RequestReader reader;
    private final ContactStore contacts;
    private final PushStore pushes;
    private final ExportStore exports;
    private final ContactSyncProperties properties;
    private final SalesforceStatus salesforce;
    private final SyncSettings settings;

    public PushService(RequestReader reader, ContactStore contacts, PushStore pushes, ExportStore exports,
                       ContactSyncProperties properties, SalesforceStatus salesforce, SyncSettings settings) {
        this.settings = settings;
        this.salesforce = salesforce;
        this.reader = reader;
        this.contacts = contacts;
        this.pushes = pushes;
        this.exports = exports;
        this.properties = properties;
    }

    /** What the caller gets back at once (202), and the chunks that go on in the background. */
    public record Started(UUID pushId, int total, int claimed, int skipped, @JsonIgnore List<SyncChunk> chunks) { }

    public PushRequest parse(String body) {
        PushRequest request = reader.read(reader.tree(body), PushRequest.class, "");
        if (request.contactIds() == null || request.contactIds().isEmpty()) {
            throw ApiException.badRequest("contactIds", "contactIds must list at least one contact id");
        }
        if (request.contactIds().stream().anyMatch(id -> id == null)) {
            throw ApiException.badRequest("contactIds", "contactIds must not contain null");
        }
        int max = properties.api().maxBatchSize();
        if (request.contactIds().size() > max) {
            throw new ApiException(413, "contactIds", "at most " + max + " contacts per push (contactsync.api.max-batch-size), got "
                    + request.contactIds().size());
        }
        if (request.requestedBy() != null && request.requestedBy().length() > ContactLimits.EMAIL) {
            throw ApiException.badRequest("requestedBy", "requestedBy is " + request.requestedBy().length()
                    + " characters long; an email address has at most " + ContactLimits.EMAIL);
        }
        if (request.requestedBy() == null || !EMAIL.matcher(request.requestedBy().strip()).matches()) {
            throw ApiException.badRequest("requestedBy", "requestedBy must be the email address of the person asking");
        }
        List<Long> unknown = contacts.unknownIds(distinct(request.contactIds()));
        if (!unknown.isEmpty()) {
            throw new ApiException(404, "contactIds", "unknown contact ids " + unknown);
        }
        return request;
    }

    /**
     * Admins push any contacts; users only when {@code contactsync.rights.users-can-push} is on, and
     * only the contacts they met.
     */
    public PushRequest authorize(PushRequest request, Caller caller) {
        if (caller.admin()) {
            return request;
        }
        if (!settings.usersCanPush()) {
            throw new ApiException(403, null, "only admins may push contacts (contactsync.rights.users-can-push is false)");
        }
        List<Long> notTheirs = contacts.notMetBy(distinct(request.contactIds()), caller.email());
        if (!notTheirs.isEmpty()) {
            throw new ApiException(403, "contactIds", "you may push only contacts you met (metBy " + caller.email()
                    + "); not yours: " + notTheirs);
        }
        return request;
    }

    @Transactional
    public Started start(PushRequest request) {
        String refusal = salesforce.pushRefusal();
        if (refusal != null) {
            throw new ApiException(503, null, refusal);
        }
        List<Long> ids = distinct(request.contactIds());
        UUID pushId = pushes.create(request.requestedBy().strip(), ids.size());
        List<SyncChunk> chunks = exports.claimForPush(pushId, ids, properties.sync().chunkSize(), settings.target());
        int claimed = chunks.stream().mapToInt(c -> c.items().size()).sum();
        return new Started(pushId, ids.size(), claimed, ids.size() - claimed, chunks);
    }

    private static List<Long> distinct(List<Long> ids) {
        return List.copyOf(new LinkedHashSet<>(ids));
    }
}
