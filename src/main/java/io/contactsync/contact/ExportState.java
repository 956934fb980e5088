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
        OffsetDateTime lastUpdateSentAt) {

    public record ExportError(String code, String message) { }
}
