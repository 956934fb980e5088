package io.contactsync.sync;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.config.ContactSyncProperties.OwnerFallback;
import io.contactsync.settings.SyncSettings;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Owner of a new record: the active Salesforce User whose email is the contact's {@code metBy}.
 * Answers are cached for a while, misses too, so a chunk costs at most one User query.
 */
@Component("ownerLookup")
public class OwnerLookup {

    private final Cache<String, Optional<String>> usersByEmail;
    private final SyncSettings settings;
    private final IntegrationUser integrationUser;

    public OwnerLookup(ContactSyncProperties properties, SyncSettings settings, IntegrationUser integrationUser) {
        this.usersByEmail = Caffeine.newBuilder().expireAfterWrite(properties.owner().cacheTtl()).maximumSize(50_000).build();
        this.settings = settings;
        this.integrationUser = integrationUser;
    }

    /** The distinct metBy emails of the open contacts that the cache does not know yet. */
    public List<String> unknownEmails(Collection<SyncItem> items) {
        return items.stream().filter(SyncItem::open).filter(item -> !item.resync())
                .map(item -> normalise(item.contact().metBy()))
                .filter(Objects::nonNull).distinct()
                .filter(email -> usersByEmail.getIfPresent(email) == null)
                .toList();
    }

    public List<String> unknownEmails(SyncChunk chunk) {
        return unknownEmails(chunk.items());
    }

    /** The same for all chunks of one claim, so that one query serves them all. */
    public List<String> unknownEmailsOfAll(List<SyncChunk> chunks) {
        return unknownEmails(chunks.stream().flatMap(chunk -> chunk.items().stream()).toList());
    }

    /** Remembers what the User query answered, including the emails it found no active User for. */
    public void remember(List<String> asked, List<Map<String, Object>> users) {
        asked.forEach(email -> usersByEmail.put(email, Optional.empty()));
        for (Map<String, Object> user : users) {
            String email = normalise((String) user.get("Email"));
            if (email != null) {
                usersByEmail.put(email, Optional.of((String) user.get("Id")));
            }
        }
    }

    /** Sets each open contact's owner from the cache, or the fallback when no active User matches. */
    public SyncChunk assign(SyncChunk chunk) {
        String fallbackId = settings.ownerFallback() == OwnerFallback.integration_user ? integrationUser.id() : null;
        chunk.open().forEach(item -> {
            String email = normalise(item.contact().metBy());
            Optional<String> found = email == null ? Optional.empty() : usersByEmail.getIfPresent(email);
            item.ownerId(found != null && found.isPresent() ? found.get() : fallbackId);
        });
        return chunk;
    }

    /** The email as Salesforce compares it; null when blank or longer than any User email (never queried). */
    static String normalise(String email) {
        if (email == null || email.isBlank() || email.strip().length() > ContactValidator.USER_EMAIL_LENGTH) {
            return null;
        }
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
