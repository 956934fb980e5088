package io.contactsync.sync;

import io.contactsync.config.ContactSyncProperties;
import io.contactsync.config.ContactSyncProperties.DuplicatePolicy;
import io.contactsync.mapping.MappingTemplates;
import io.contactsync.sync.SyncItem.Action;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Applies the duplicate policy to a chunk, given the open Leads and the Contacts that already carry
 * one of its emails. A converted Lead never matches (the query leaves it out); its Contact does.
 */
@Component("duplicateFilter")
public class DuplicateFilter {

    private final DuplicatePolicy policy;
    private final MappingTemplates templates;

    public DuplicateFilter(ContactSyncProperties properties, MappingTemplates templates) {
        this.policy = properties.duplicates().policy();
        this.templates = templates;
    }

    /**
     * The fields the duplicate query reads from an existing record: its id and email, and under the
     * policy update the mapped fields that only fill an empty value.
     */
    public List<String> fieldsToRead(String object) {
        Set<String> fields = new LinkedHashSet<>(List.of("Id", "Email"));
        if (policy == DuplicatePolicy.update) {
            fields.addAll(templates.fillOnlyTargets(object));
        }
        return List.copyOf(fields);
    }

    /** The distinct emails of the chunk's open contacts; later contacts with an email seen earlier follow the first. */
    public List<String> emails(SyncChunk chunk) {
        Map<String, SyncItem> first = new HashMap<>();
        chunk.open().forEach(item -> {
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

    public SyncChunk apply(SyncChunk chunk, List<Map<String, Object>> leads, List<Map<String, Object>> contacts) {
        Map<String, Map<String, Object>> leadByEmail = byEmail(leads);
        Map<String, Map<String, Object>> contactByEmail = byEmail(contacts);
        boolean leadFirst = chunk.target() == SyncChunk.Target.Lead;
        chunk.open().filter(item -> item.sameEmailAs() == null).forEach(item -> {
            String email = OwnerLookup.normalise(item.contact().email());
            if (email == null) {
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
            switch (policy) {
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
        chunk.open().filter(item -> item.sameEmailAs() != null).forEach(item -> {
            SyncItem first = item.sameEmailAs();
            if (first.sfId() != null && policy != DuplicatePolicy.reject) {
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
