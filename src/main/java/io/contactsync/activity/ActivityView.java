package io.contactsync.activity;

import java.time.OffsetDateTime;

/** An activity as {@code GET /api/contacts/{id}/activities} shows it, with its export state. */
public record ActivityView(long id, long contactId, String externalId, String type, OffsetDateTime occurredAt, String subject,
                           String body, String url, OffsetDateTime createdAt, Export export) {

    /** status PENDING | EXPORTING | EXPORTED | FAILED | SKIPPED; salesforceId is the Task's id. */
    public record Export(String status, String salesforceId, int attempts, String errorCode, String errorMessage,
                         OffsetDateTime exportedAt) { }
}
