package io.contactsync.contact;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** What {@code direct:contacts-ingest} did with each contact of a batch, in the batch's order. */
public record IngestReport(String source, int stored, int duplicates, int refused, List<Outcome> contacts) {

    public enum Status { STORED, DUPLICATE, REFUSED }

    /** One contact: stored with its id, a duplicate of one stored earlier (same source and key), or refused and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(String key, Status status, Long id, String field, String reason) { }

    /** The ids of the contacts stored, in order. */
    @JsonIgnore
    public List<Long> getIds() {
        return contacts.stream().filter(c -> c.status() == Status.STORED).map(Outcome::id).toList();
    }

    /** The refused contacts, in order. */
    @JsonIgnore
    public List<Outcome> getRefusals() {
        return contacts.stream().filter(c -> c.status() == Status.REFUSED).toList();
    }
}
