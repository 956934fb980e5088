package io.contactsync.push;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/pushes/{id}}: how far a push has come. Postponed contacts were put back to
 * PENDING because Salesforce could not take them now (allowance used up, login failing).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushProgress(UUID pushId, String requestedBy, int total, int exported, int duplicates, int failed,
                           int skipped, int pending, int postponed, OffsetDateTime createdAt, OffsetDateTime finishedAt,
                           List<Failure> failures) {

    public record Failure(long contactId, String name, String email, String status, String reason) { }

    public boolean finished() {
        return finishedAt != null;
    }
}
