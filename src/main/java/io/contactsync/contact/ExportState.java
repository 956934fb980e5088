package io.contactsync.contact;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/** The export state shown with each contact. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExportState(
        ExportStatus status,
        String object,
        String salesforceId,
        OffsetDateTime exportedAt,
        int attempts,
        ExportError error,
        OffsetDateTime updatedAt,
        /** When a local change was last sent as an update of the record (two-way sync), or null. */
        OffsetDateTime lastUpdateSentAt,
        /** When a pull last changed the contact from Salesforce (two-way sync), or null. */
        OffsetDateTime pulledAt,
        /** The contact fields that pull changed. */
        java.util.List<String> pulledFields,
        /** The record the export pointed at before a merge or a Lead conversion in Salesforce moved it, or null. */
        String relinkedFrom) {

    public record ExportError(String code, String message) { }
}
