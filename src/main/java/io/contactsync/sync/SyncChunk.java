package io.contactsync.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Up to one chunk of contacts (at most 200, one sObject Collections call) travelling the pipeline
 * together, so that every step costs one Salesforce call per chunk instead of one per contact.
 */
public record SyncChunk(Target target, UUID pushId, List<SyncItem> items) {

    public enum Target { Lead, Contact, ContactWithAccount;

        /** The sObject the contact itself becomes. */
        public String sObject() {
            return this == Lead ? "Lead" : "Contact";
        }
    }

    /** The items cut into chunks of at most {@code size}, in their order. */
    public static List<SyncChunk> split(List<SyncItem> items, int size, Target target, UUID pushId) {
        List<SyncChunk> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(new SyncChunk(target, pushId, List.copyOf(items.subList(from, Math.min(items.size(), from + size)))));
        }
        return chunks;
    }

    public boolean automatic() {
        return pushId == null;
    }

    public Stream<SyncItem> open() {
        return items.stream().filter(SyncItem::open);
    }

    public boolean hasOpen() {
        return items.stream().anyMatch(SyncItem::open);
    }
}
