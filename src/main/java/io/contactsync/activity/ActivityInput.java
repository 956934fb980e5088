package io.contactsync.activity;

import java.time.OffsetDateTime;

/**
 * One activity as a client sends it. {@code contactId} or {@code email} name its contact in
 * {@code POST /api/activities}; under {@code /api/contacts/{id}/activities} the path does.
 */
public record ActivityInput(String externalId, String type, OffsetDateTime occurredAt, String subject, String body,
                            String url, Long contactId, String email) { }
