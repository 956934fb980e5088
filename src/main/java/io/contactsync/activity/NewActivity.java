package io.contactsync.activity;

import java.time.OffsetDateTime;

/** A checked activity of a known contact, ready to be stored. */
public record NewActivity(long contactId, String externalId, String type, OffsetDateTime occurredAt, String subject,
                          String body, String url) { }
