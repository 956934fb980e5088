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
        OffsetDateTime updatedAt) {

    public record ExportError(String code, String message) { }
}
