package io.contactsync.activity;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One stored activity with what its Task needs: the {@code ${body}} of the Task mapping template
 * ({@code routes/mappings/task.yaml}). {@code whoId} is the Salesforce id of the contact's Lead or Contact.
 */
public record Activity(long id, long contactId, String externalId, String type, OffsetDateTime occurredAt, String subject,
                       String body, String url, String syncKey, String whoId) {

    /** The types an activity may have. */
    public static final List<String> TYPES = List.of("email-sent", "email-opened", "email-clicked", "form-submitted",
            "page-visited", "meeting", "call", "linkedin-touchpoint", "note");

    /** The day it happened (UTC): the Task's ActivityDate. */
    public LocalDate occurredOn() {
        return occurredAt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    }

    public boolean emailType() {
        return type.startsWith("email-");
    }

    /** The type in words ("Email opened"): the subject of an activity that came without one. */
    public String typeLabel() {
        String words = type.replace('-', ' ').replace("linkedin", "LinkedIn");
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** Body and link, for a Task description that carries the content. */
    public String content() {
        if (body == null || body.isBlank()) {
            return url;
        }
        return url == null || url.isBlank() ? body : body + "\n\n" + url;
    }
}
