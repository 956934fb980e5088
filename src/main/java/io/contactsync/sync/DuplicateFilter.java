package io.contactsync.sync;

import io.contactsync.config.ContactSyncProperties;
import io.contactsync.config.ContactSyncProperties.DuplicatePolicy;
import io.contactsync.mapping.MappingTemplates;
import io.contactsync.settings.SyncSettings;
import io.contactsync.sync.SyncItem.Action;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Applies the duplicate policy to a chunk, given the open Leads and the Contacts that already carry
 * one of its emails. A converted Lead never matches (the query leaves it out); its Contact does.
 */
@Component("duplicateFilter")
public class DuplicateFilter {

    private final SyncSettings settings;
    private final MappingTemplates templates;
    private final String externalIdField;

    public DuplicateFilter(ContactSyncProperties properties, SyncSettings settings, MappingTemplates templates) {
        this.settings = settings;
        this.templates = templates;
        String field = properties.salesforce().externalIdField();
        this.externalIdField = field == null || field.isBlank() ? null : field;
    }

    /**
     * The fields the duplicate query reads from an existing record: its id and email, and under the
     * policy update the mapped fields that only fill an empty value.
     */
    public List<String> fieldsToRead(String object) {
        Set<String> fields = new LinkedHashSet<>(List.of("Id", "Email"));
        // the external id tells a record this service created (and must not call a duplicate) from a stranger's
        if (externalIdField != null) {
            fields.add(externalIdField);
        }
        if (policy() == DuplicatePolicy.update) {
            fields.addAll(templates.fillOnlyTargets(object));
        }
        return List.copyOf(fields);
    }

    /** The duplicate policy now (a setting an admin may change at run time). */
    private DuplicatePolicy policy() {
        return settings.duplicatePolicy();
    }

    /** The distinct emails of the chunk's open contacts; later contacts with an email seen earlier follow the first. */
    public List<String> emails(SyncChunk chunk) {
        Map<String, SyncItem> first = new HashMap<>();
        // an exported contact sent again is an update of its own record: no duplicate to look for
        chunk.open().filter(item -> !item.resync()).forEach(item -> {
            String email = OwnerLookup.normalise(item.contact().email());
            if (email != null) {
                SyncItem earlier = first.putIfAbsent(email, item);
                if (earlier != null) {
                    item.follow(earlier);
                }
            }
        });
        return List.copyOf(first.keySet());
    }

    /**
     * A record that carries the contact's own sync key in the external id field is no duplicate: this
     * service created it on an earlier attempt whose outcome was never recorded (e.g. a crash), and the
     * upsert on that key finds it again instead of creating a second one.
     */
    public SyncChunk apply(SyncChunk chunk, List<Map<String, Object>> leads, List<Map<String, Object>> contacts) {
        Set<String> ownKeys = ownKeys(leads, contacts);
        Map<String, Map<String, Object>> leadByEmail = byEmail(leads);
        Map<String, Map<String, Object>> contactByEmail = byEmail(contacts);
        boolean leadFirst = chunk.target() == SyncChunk.Target.Lead;
        chunk.open().filter(item -> item.sameEmailAs() == null && !item.resync()).forEach(item -> {
            String email = OwnerLookup.normalise(item.contact().email());
            if (email == null || (item.syncKey() != null && ownKeys.contains(item.syncKey().toLowerCase(Locale.ROOT)))) {
                return;
            }
            Map<String, Object> lead = leadByEmail.get(email);
            Map<String, Object> contact = contactByEmail.get(email);
            Map<String, Object> match = leadFirst ? firstNonNull(lead, contact) : firstNonNull(contact, lead);
            if (match == null) {
                return;
            }
            String object = match == lead ? "Lead" : "Contact";
            String id = (String) match.get("Id");
            switch (policy()) {
                case reject -> item.duplicate(object, id,
                        object + " " + id + " already has the email " + item.contact().email());
                case link -> item.target(Action.LINK, object, id);
                case update -> {
                    item.target(Action.UPDATE, object, id);
                    item.existing(match);
                }
            }
        });
        return chunk;
    }

    /** Contacts that followed an earlier one with the same email take its outcome once it is known. */
    public SyncChunk settleFollowers(SyncChunk chunk) {
        // a follower of a contact still to be sent again waits for it
        chunk.open().filter(item -> item.sameEmailAs() != null && !item.sameEmailAs().open()).forEach(item -> {
            SyncItem first = item.sameEmailAs();
            if (first.sfId() != null && policy() != DuplicatePolicy.reject) {
                item.exported(first.sfObject(), first.sfId());
            } else if (first.sfId() != null) {
                item.duplicate(first.sfObject(), first.sfId(), "contact " + first.contactId()
                        + " of the same push has the same email and became " + first.sfObject() + " " + first.sfId());
            } else {
                item.duplicate(null, null, "contact " + first.contactId() + " has the same email "
                        + item.contact().email() + " and was not exported: " + first.errorMessage());
            }
        });
        return chunk;
    }

    private Set<String> ownKeys(List<Map<String, Object>> leads, List<Map<String, Object>> contacts) {
        Set<String> keys = new HashSet<>();
        if (externalIdField != null) {
            for (List<Map<String, Object>> records : List.of(leads, contacts)) {
                records.stream().map(record -> record.get(externalIdField)).filter(Objects::nonNull)
                        .forEach(key -> keys.add(key.toString().toLowerCase(Locale.ROOT)));
            }
        }
        return keys;
    }

    private static Map<String, Map<String, Object>> byEmail(List<Map<String, Object>> records) {
        Map<String, Map<String, Object>> map = new HashMap<>();
        for (Map<String, Object> record : records) {
            String email = OwnerLookup.normalise((String) record.get("Email"));
            if (email != null) {
                map.putIfAbsent(email, record);
            }
        }
        return map;
    }

    private static Map<String, Object> firstNonNull(Map<String, Object> a, Map<String, Object> b) {
        return a != null ? a : b;
    }
}
