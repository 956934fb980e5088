package io.contactsync.activity;

import io.contactsync.settings.SyncSettings;
import io.contactsync.sync.ExportStore;
import io.contactsync.web.ApiException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Activities and their export state in PostgreSQL. A claim turns PENDING activities of EXPORTED contacts
 * into EXPORTING ({@code FOR UPDATE SKIP LOCKED}, so instances never claim the same one); an EXPORTING
 * claim older than {@code contactsync.sync.stale-claim-age} belongs to a run that died and is claimed again
 * (the Task is upserted on its key, never created twice).
 */
@Component("activityStore")
public class ActivityStore {

    private final NamedParameterJdbcTemplate jdbc;
    private final ExportStore exports;
    private final SyncSettings settings;
    private final Duration staleClaimAge;
    private final int laterRounds;
    private final Duration laterDelay;

    public ActivityStore(NamedParameterJdbcTemplate jdbc, ExportStore exports,
                         SyncSettings settings,
                         @Value("${contactsync.sync.stale-claim-age:10m}") Duration staleClaimAge,
                         @Value("${contactsync.retry.later.max-rounds:3}") int laterRounds,
                         @Value("${contactsync.retry.later.delay:5m}") Duration laterDelay) {
        this.jdbc = jdbc;
        this.exports = exports;
        this.settings = settings;
        this.staleClaimAge = staleClaimAge;
        this.laterRounds = laterRounds;
        this.laterDelay = laterDelay;
    }

    /** FAILED activities whose retry-later time has come go back to PENDING; answers how many. */
    public int retryDue() {
        return jdbc.update("""
                update activity_export set status = 'PENDING', retry_at = null, updated_at = now()
                where status = 'FAILED' and retry_at <= now()
                """, Map.of());
    }

    /**
     * Stores the activities, all or none; one already stored for its contact with the same externalId is
     * not stored again. Types not synced (contactsync.activities.types) are stored SKIPPED.
     */
    @Transactional
    public Map<String, Object> store(List<NewActivity> activities) {
        List<Map<String, Object>> answers = new ArrayList<>();
        int fresh = 0;
        Set<String> syncedTypes = settings.activityTypes();
        for (NewActivity a : activities) {
            MapSqlParameterSource p = new MapSqlParameterSource().addValue("contact", a.contactId())
                    .addValue("externalId", a.externalId()).addValue("type", a.type())
                    .addValue("occurredAt", a.occurredAt()).addValue("subject", a.subject())
                    .addValue("body", a.body()).addValue("url", a.url());
            List<Long> inserted = jdbc.queryForList("""
                    insert into activity (contact_id, external_id, type, occurred_at, subject, body, url)
                    values (:contact, :externalId, :type, :occurredAt, :subject, :body, :url)
                    on conflict (contact_id, external_id) do nothing
                    returning id
                    """, p, Long.class);
            boolean isNew = !inserted.isEmpty();
            long id;
            if (isNew) {
                id = inserted.get(0);
                boolean synced = syncedTypes.contains(a.type());
                jdbc.update("""
                        insert into activity_export (activity_id, status, error_code, error_message)
                        values (:id, :status, :code, :message)
                        """, new MapSqlParameterSource().addValue("id", id)
                        .addValue("status", synced ? "PENDING" : "SKIPPED")
                        .addValue("code", synced ? null : "TYPE_NOT_SYNCED")
                        .addValue("message", synced ? null : "type " + a.type() + " is not synced (contactsync.activities.types)"));
                fresh++;
            } else {
                id = jdbc.queryForObject("select id from activity where contact_id = :contact and external_id = :externalId",
                        p, Long.class);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", id);
            answer.put("contactId", a.contactId());
            answer.put("externalId", a.externalId());
            answer.put("new", isNew);
            answers.add(answer);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", answers.size());
        body.put("new", fresh);
        body.put("activities", answers);
        return body;
    }

    /** A contact's activities with their export state, in the order they happened; 404 for an unknown contact. */
    public List<ActivityView> list(long contactId) {
        if (!Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from contact where id = :id)",
                Map.of("id", contactId), Boolean.class))) {
            throw ApiException.notFound("no contact with id " + contactId);
        }
        return jdbc.query("""
                select a.id, a.contact_id, a.external_id, a.type, a.occurred_at, a.subject, a.body, a.url, a.created_at,
                       e.status, e.sf_id, e.attempts, e.error_code, e.error_message, e.exported_at
                from activity a join activity_export e on e.activity_id = a.id
                where a.contact_id = :contact order by a.occurred_at, a.id
                """, Map.of("contact", contactId), (rs, n) -> new ActivityView(rs.getLong("id"), rs.getLong("contact_id"),
                rs.getString("external_id"), rs.getString("type"), rs.getObject("occurred_at", OffsetDateTime.class),
                rs.getString("subject"), rs.getString("body"), rs.getString("url"),
                rs.getObject("created_at", OffsetDateTime.class),
                new ActivityView.Export(rs.getString("status"), rs.getString("sf_id"), rs.getInt("attempts"),
                        rs.getString("error_code"), rs.getString("error_message"),
                        rs.getObject("exported_at", OffsetDateTime.class))));
    }

    /**
     * Claims up to {@code limit} pending activities whose contact is EXPORTED (the others wait for it) and
     * hands them over in chunks of {@code chunkSize}.
     */
    @Transactional
    public List<List<ActivityItem>> claim(int limit, int chunkSize) {
        List<ActivityItem> items = jdbc.query("""
                with picked as (
                    select e.activity_id from activity_export e
                    join activity a on a.id = e.activity_id
                    join export_state s on s.contact_id = a.contact_id
                    where (e.status = 'PENDING' or (e.status = 'EXPORTING' and e.claimed_at < now() - cast(:age as interval)))
                      and s.status = 'EXPORTED' and s.sf_id is not null
                    order by e.activity_id limit :limit
                    for update of e skip locked
                ), claimed as (
                    update activity_export e set status = 'EXPORTING', claimed_by = :instance, claimed_at = now(),
                        attempts = e.attempts + 1, updated_at = now()
                    from picked where e.activity_id = picked.activity_id
                    returning e.activity_id, e.attempts
                )
                select claimed.attempts, a.id, a.contact_id, a.external_id, a.type, a.occurred_at, a.subject, a.body, a.url,
                       a.sync_key::text as sync_key, s.sf_id as who_id
                from claimed join activity a on a.id = claimed.activity_id
                join export_state s on s.contact_id = a.contact_id
                order by a.id
                """, new MapSqlParameterSource().addValue("limit", limit).addValue("instance", exports.instance())
                        .addValue("age", staleClaimAge.toMillis() + " milliseconds"),
                (rs, n) -> new ActivityItem(new Activity(rs.getLong("id"), rs.getLong("contact_id"),
                        rs.getString("external_id"), rs.getString("type"), rs.getObject("occurred_at", OffsetDateTime.class),
                        rs.getString("subject"), rs.getString("body"), rs.getString("url"), rs.getString("sync_key"),
                        rs.getString("who_id")), rs.getInt("attempts") > 1));
        List<List<ActivityItem>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += chunkSize) {
            chunks.add(List.copyOf(items.subList(i, Math.min(items.size(), i + chunkSize))));
        }
        return chunks;
    }

    /**
     * Activities that cannot be sent any more fail with the reason: those of a contact whose record was deleted
     * in Salesforce (DELETED_IN_SALESFORCE). Answers how many.
     */
    public int failOrphans() {
        return jdbc.update("""
                update activity_export e set status = 'FAILED', error_code = 'DELETED_IN_SALESFORCE',
                    error_message = 'not sent: the contact''s ' || s.sf_object || ' ' || s.sf_id || ' was deleted in Salesforce',
                    updated_at = now(), digest_pending = true
                from activity a join export_state s on s.contact_id = a.contact_id
                where a.id = e.activity_id and e.status = 'PENDING' and s.status = 'DELETED_IN_SALESFORCE'
                """, Map.of());
    }

    /** Writes each activity's outcome and releases its claim, in one transaction; open ones go back to PENDING. */
    @Transactional
    public List<ActivityItem> record(List<ActivityItem> chunk) {
        MapSqlParameterSource[] rows = chunk.stream().map(item -> new MapSqlParameterSource()
                .addValue("id", item.activity().id())
                .addValue("status", item.outcome() == null ? "PENDING" : item.outcome().name())
                .addValue("sfId", item.sfId())
                .addValue("code", item.errorCode())
                .addValue("message", item.errorMessage())
                .addValue("instance", exports.instance())
                .addValue("later", item.later())
                .addValue("rounds", laterRounds)
                .addValue("delay", laterDelay.toMillis() + " milliseconds")
                .addValue("after", " (sent again after " + laterDelay.toMinutes() + " min)"))
                .toArray(MapSqlParameterSource[]::new);
        // a passing failure that outlasted its redeliveries is sent again later, for at most max-rounds rounds
        jdbc.batchUpdate("""
                update activity_export set status = :status, sf_id = coalesce(:sfId, sf_id), error_code = :code,
                    error_message = case when :later and retry_round + 1 < :rounds then :message || :after else :message end,
                    claimed_by = null, claimed_at = null, updated_at = now(),
                    exported_at = case when :status = 'EXPORTED' then now() else exported_at end,
                    retry_round = case when :later then retry_round + 1 else retry_round end,
                    retry_at = case when :later and retry_round + 1 < :rounds then now() + cast(:delay as interval) end,
                    -- a failure that will not be sent again by itself is named in the admins' next digest
                    digest_pending = :status = 'FAILED' and not (:later and retry_round + 1 < :rounds)
                where activity_id = :id and status = 'EXPORTING' and claimed_by = :instance
                """, rows);
        return chunk;
    }
}
