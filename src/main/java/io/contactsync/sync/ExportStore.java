package io.contactsync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.contact.ContactStore;
import io.contactsync.mapping.SyncedValues;
import io.contactsync.contact.ExportStatus;
import io.contactsync.sync.SyncChunk.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Claims contacts for export and writes back what became of them. A claim turns PENDING into
 * EXPORTING with {@code FOR UPDATE SKIP LOCKED}, so instances sharing one database never claim the
 * same contact; recording a chunk releases its claims in the same transaction.
 *
 * <p>A claim is kept fresh ({@link #refreshClaims()}) only while a chunk that holds it is at work in
 * this instance ({@link #atWork}); a claim not refreshed for {@code contactsync.sync.stale-claim-age}
 * belongs to an instance that stopped, or to a run that failed without recording it, and goes back to
 * PENDING ({@link #releaseStale()}). Sending such a contact again never creates a second record:
 * records are upserted on the contact's {@code sync_key}.
 */
@Component("exportStore")
public class ExportStore {

    private static final Logger LOG = LoggerFactory.getLogger(ExportStore.class);

    private static final String CLAIMED_CONTACTS = "select " + ContactStore.CONTACT_COLUMNS
            + ", c.sync_key::text as sync_key, claimed.attempts, c.changed_at, claimed.sf_object, claimed.sf_id,"
            + " claimed.exported_at, claimed.pushed_values::text as pushed_values"
            + " from contact c join claimed on claimed.contact_id = c.id order by c.id";
    /** Columns each claim answers, for {@link #item}. */
    private static final String RETURNING = "returning s.contact_id, s.attempts, s.sf_object, s.sf_id, s.exported_at, s.pushed_values";
    /** An exported contact edited here since its record last got its values. */
    static final String CHANGED = "(s.status = 'EXPORTED' and coalesce(c.changed_at > coalesce(s.synced_at, s.exported_at), false))";
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

    private final NamedParameterJdbcTemplate jdbc;
    private final ContactStore contacts;
    private final ObjectMapper json;
    private final Duration staleClaimAge;
    private final int laterMaxRounds;
    private final Duration laterDelay;
    private final String instance;
    /** Contacts whose chunk is at work in this instance right now. */
    private final Set<Long> atWork = ConcurrentHashMap.newKeySet();

    public ExportStore(NamedParameterJdbcTemplate jdbc, ContactStore contacts, ObjectMapper json,
                       @Value("${contactsync.sync.stale-claim-age:10m}") Duration staleClaimAge,
                       @Value("${contactsync.retry.later.max-rounds:3}") int laterMaxRounds,
                       @Value("${contactsync.retry.later.delay:5m}") Duration laterDelay) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.json = json;
        this.staleClaimAge = staleClaimAge;
        this.laterMaxRounds = laterMaxRounds;
        this.laterDelay = laterDelay;
        this.instance = InstanceName.next();
    }

    /** The name this instance writes into the claims it holds. */
    public String instance() {
        return instance;
    }

    /**
     * Claims up to {@code limit} pending contacts that arrived since automatic sync was switched on,
     * and hands them over in chunks.
     */
    @Transactional
    public List<SyncChunk> claimAutomatic(int limit, int chunkSize, Target target) {
        List<SyncItem> items = jdbc.query("""
                with picked as (
                    select s.contact_id from export_state s join contact c on c.id = s.contact_id
                    where (s.status = 'PENDING'
                      and c.created_at >= (select cast(value as timestamptz) from app_state where key = 'automatic_since'))
                      or %2$s
                    order by s.contact_id limit :limit
                    for update of s skip locked
                ), claimed as (
                    update export_state s set status = 'EXPORTING', claimed_by = :instance, claimed_at = now(),
                        attempts = s.attempts + 1, push_id = null, retry_at = null, updated_at = now()
                    from picked where s.contact_id = picked.contact_id
                    %1$s
                )
                """.formatted(RETURNING, CHANGED) + CLAIMED_CONTACTS,
                new MapSqlParameterSource().addValue("limit", limit).addValue("instance", instance),
                (rs, n) -> item(rs));
        return SyncChunk.split(items, chunkSize, target, null);
    }

    /**
     * Claims the chosen contacts for a push. Exported ones and ones in flight elsewhere are skipped,
     * with the reason, in the push's items; all others (pending, failed, duplicate) are claimed.
     */
    @Transactional
    public List<SyncChunk> claimForPush(UUID pushId, List<Long> ids, int chunkSize, Target target) {
        Long[] idArray = ids.toArray(Long[]::new);
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("push", pushId).addValue("ids", idArray)
                .addValue("instance", instance);
        jdbc.update("""
                insert into push_item (push_id, contact_id, status, error_message)
                select :push, s.contact_id, 'SKIPPED',
                       case when s.status = 'EXPORTED' then 'already exported as ' || s.sf_object || ' ' || s.sf_id
                            when s.status = 'DELETED_IN_SALESFORCE' then s.sf_object || ' ' || s.sf_id
                                 || ' was deleted in Salesforce'
                            else 'being exported by another run' end
                from export_state s join contact c on c.id = s.contact_id
                where s.contact_id = any(:ids) and s.status in ('EXPORTED', 'EXPORTING', 'DELETED_IN_SALESFORCE')
                  and not %s
                """.formatted(CHANGED), p);
        List<SyncItem> items = jdbc.query("""
                with claimed as (
                    update export_state s set status = 'EXPORTING', claimed_by = :instance, claimed_at = now(),
                        attempts = s.attempts + 1, push_id = :push, error_code = null, error_message = null,
                        retry_at = null, retry_round = 0, updated_at = now()
                    from contact c
                    where c.id = s.contact_id and s.contact_id = any(:ids)
                      and (s.status not in ('EXPORTED', 'EXPORTING', 'DELETED_IN_SALESFORCE') or %2$s)
                    %1$s
                ), items as (
                    insert into push_item (push_id, contact_id) select :push, contact_id from claimed
                )
                """.formatted(RETURNING, CHANGED) + CLAIMED_CONTACTS, p,
                (rs, n) -> item(rs));
        return SyncChunk.split(items, chunkSize, target, pushId);
    }

    /**
     * Claims up to {@code limit} contacts whose time to be sent again has come: failed on a passing fault
     * after their retry budget (one more round of {@code contactsync.retry.later.max-rounds}), or
     * postponed while Salesforce could not take them. Either mode, pushed or automatic.
     */
    @Transactional
    public List<SyncChunk> claimRetries(int limit, int chunkSize, Target target) {
        List<SyncItem> items = jdbc.query("""
                with picked as (
                    select contact_id from export_state
                    where retry_at <= now() and status in ('FAILED', 'PENDING')
                    order by retry_at, contact_id limit :limit
                    for update skip locked
                ), claimed as (
                    update export_state s set status = 'EXPORTING', claimed_by = :instance, claimed_at = now(),
                        attempts = s.attempts + 1, push_id = null, retry_at = null, updated_at = now(),
                        retry_round = s.retry_round + case when s.status = 'FAILED' then 1 else 0 end
                    from picked where s.contact_id = picked.contact_id
                    %1$s
                )
                """.formatted(RETURNING, CHANGED) + CLAIMED_CONTACTS,
                new MapSqlParameterSource().addValue("limit", limit).addValue("instance", instance),
                (rs, n) -> item(rs));
        return SyncChunk.split(items, chunkSize, target, null);
    }

    /** A claimed contact; one exported before becomes an update of its record. */
    private SyncItem item(java.sql.ResultSet rs) throws java.sql.SQLException {
        SyncItem item = new SyncItem(contacts.contact(rs), rs.getString("sync_key"), rs.getInt("attempts"));
        item.changedAt(rs.getObject("changed_at", java.time.OffsetDateTime.class));
        String sfId = rs.getString("sf_id");
        if (sfId != null && rs.getObject("exported_at") != null) {
            String pushed = rs.getString("pushed_values");
            try {
                item.resync(rs.getString("sf_object"), sfId, pushed == null ? null : json.readValue(pushed, JSON_OBJECT));
            } catch (JsonProcessingException e) {
                throw new java.sql.SQLException("pushed_values of contact " + item.contactId() + " is not JSON", e);
            }
        }
        return item;
    }

    private String json(Map<String, Object> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many contacts wait to be sent again and are due now. */
    public int retriesDue() {
        return jdbc.queryForObject("select count(*) from export_state where retry_at <= now() and status in ('FAILED', 'PENDING')",
                Map.of(), Integer.class);
    }

    /**
     * Writes each contact's outcome and releases its claim; for a push, also its items, and closes
     * the push when none is left pending. Answers the push id when this chunk finished it, else null.
     */
    @Transactional
    public UUID record(SyncChunk chunk) {
        if (chunk.pushId() != null) {
            // one recorder per push at a time, so the last chunk always sees all others committed
            jdbc.queryForList("select id from push where id = :push for update", Map.of("push", chunk.pushId()));
        }
        List<Map<String, Object>> rows = new ArrayList<>(chunk.items().size());
        for (SyncItem item : chunk.items()) {
            ExportStatus status = item.outcome() == null ? ExportStatus.PENDING : item.outcome();
            // settled by a passing fault: PENDING waits for Salesforce, FAILED gets another round while it has rounds left
            String retry = !item.passing() ? "never" : status == ExportStatus.PENDING ? "wait" : "later";
            boolean pushed = status == ExportStatus.EXPORTED && item.pushedAfter() != null;
            Map<String, Object> row = new java.util.HashMap<>(24);
            row.put("contact", item.contactId());
            row.put("status", status.name());
            // settled but put back (allowance used up, login fails): the push is done with it
            row.put("push_status", item.outcome() == ExportStatus.PENDING ? "POSTPONED" : status.name());
            row.put("object", item.sfObject());
            row.put("sf_id", item.sfId());
            row.put("code", item.errorCode());
            row.put("message", item.errorMessage());
            row.put("retries", item.retries());
            row.put("retry", retry);
            row.put("digest", status == ExportStatus.FAILED && chunk.automatic());
            row.put("pushed", pushed ? item.pushedAfter() : null);
            row.put("pushed_hash", pushed ? SyncedValues.hash(item.pushedAfter()) : null);
            row.put("changed_at", item.changedAt() == null ? null : item.changedAt().toString());
            row.put("update_sent", status == ExportStatus.EXPORTED && item.sendsUpdate());
            rows.add(row);
        }
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("rows", json(Map.of("rows", rows)));
        params.put("instance", instance);
        params.put("rounds", laterMaxRounds);
        params.put("delay", laterDelay.toMillis() + " milliseconds");
        params.put("push", chunk.pushId());
        // one statement for the chunk; only claims this instance still holds: one released meanwhile (stale) belongs
        // to whoever claims it next
        jdbc.update("""
                with r as (
                    select * from jsonb_to_recordset(cast(:rows as jsonb) -> 'rows') as r(contact bigint, status text,
                        push_status text, object text, sf_id text, code text, message text, retries integer, retry text,
                        digest boolean, pushed jsonb, pushed_hash text, changed_at timestamptz, update_sent boolean)
                ), state as (
                    update export_state s set status = r.status, sf_object = r.object, sf_id = r.sf_id, error_code = r.code,
                        error_message = r.message, claimed_by = null, claimed_at = null,
                        attempts = s.attempts + r.retries,
                        retry_at = case when r.retry = 'wait' or (r.retry = 'later' and s.retry_round < :rounds)
                                        then now() + cast(:delay as interval) end,
                        digest_pending = r.digest and not (r.retry = 'later' and s.retry_round < :rounds),
                        exported_at = case when r.status = 'EXPORTED' and (s.exported_at is null or s.sf_id is distinct from r.sf_id)
                                           then now() else s.exported_at end,
                        pushed_values = coalesce(r.pushed, s.pushed_values),
                        pushed_hash = coalesce(r.pushed_hash, s.pushed_hash),
                        synced_at = case when r.status = 'EXPORTED' then coalesce(r.changed_at, now()) else s.synced_at end,
                        last_update_sent_at = case when r.update_sent then now() else s.last_update_sent_at end,
                        updated_at = now()
                    from r
                    where s.contact_id = r.contact and s.status = 'EXPORTING' and s.claimed_by = :instance
                    returning s.contact_id, r.push_status, r.code, r.message
                )
                update push_item p set status = state.push_status, error_code = state.code, error_message = state.message
                from state
                where p.push_id = cast(:push as uuid) and p.contact_id = state.contact_id
                """, params);
        if (chunk.pushId() == null) {
            return null;
        }
        return finishIfDone(chunk.pushId());
    }

    /** Closes the push when no item is pending any more; answers its id when this call closed it. */
    @Transactional
    public UUID finishIfDone(UUID pushId) {
        return jdbc.query("""
                update push set finished_at = now()
                where id = :push and finished_at is null
                  and not exists (select 1 from push_item where push_id = :push and status = 'PENDING')
                returning id
                """, Map.of("push", pushId), (rs, n) -> rs.getObject("id", UUID.class)).stream().findFirst().orElse(null);
    }

    /**
     * The chunk is at work: its claims are refreshed until the exchange carrying it completes, however
     * it completes. A claim whose chunk never gets here, or whose run died, goes stale and is released.
     */
    public SyncChunk atWork(SyncChunk chunk, Exchange exchange) {
        List<Long> ids = chunk.items().stream().map(SyncItem::contactId).toList();
        atWork.addAll(ids);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                ids.forEach(atWork::remove);
            }
        });
        return chunk;
    }

    /** Marks the claims of the chunks at work as still alive, so that no instance takes them for stale. */
    public int refreshClaims() {
        Long[] ids = atWork.toArray(Long[]::new);
        if (ids.length == 0) {
            return 0;
        }
        // rows a chunk is recording right now are skipped, never waited for: recording releases their claim
        // anyway, and waiting on them while holding others deadlocked with a chunk of 1,000 being recorded
        return jdbc.update("""
                update export_state s set claimed_at = now()
                from (select contact_id from export_state
                      where status = 'EXPORTING' and claimed_by = :instance and contact_id = any(:ids)
                      order by contact_id for update skip locked) alive
                where s.contact_id = alive.contact_id
                """, new MapSqlParameterSource().addValue("instance", instance).addValue("ids", ids));
    }

    /**
     * Contacts left EXPORTING with no chunk at work on them (claim not refreshed for the stale-claim
     * age): their instance stopped, or their run failed before recording them. Back to PENDING, to be
     * claimed again. Answers how many were released.
     */
    @Transactional
    public int releaseStale() {
        return release("claimed_at < now() - cast(:age as interval)"
                        + " and not (claimed_by = :instance and contact_id = any(:atWork))",
                "no run recorded the outcome (its instance stopped or its run failed)");
    }

    /** This instance's own claims, at shutdown once no chunk is running any more: back to PENDING. */
    @Transactional
    public int releaseOwn() {
        return release("claimed_by = :instance", "the service stopped before Salesforce answered");
    }

    /**
     * Every other instance's claims, when none of them can be alive: at the start of the only process an
     * embedded database ever serves.
     */
    @Transactional
    public int releaseOthers() {
        return release("claimed_by is distinct from :instance", "the service was stopped before recording the outcome");
    }

    /** Open pushes that have nothing pending any more, e.g. because their last contacts were released. */
    public List<UUID> pushesToClose() {
        return jdbc.queryForList("""
                select p.id from push p where p.finished_at is null
                  and not exists (select 1 from push_item i where i.push_id = p.id and i.status = 'PENDING')
                """, Map.of(), UUID.class);
    }

    /**
     * Releases the EXPORTING claims the condition selects. A released contact of a push is marked
     * SKIPPED in that push with the reason (the push can close and say so); the contact itself is
     * PENDING again, with the reason, for the next automatic run or manual push.
     */
    private int release(String condition, String why) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("instance", instance)
                .addValue("atWork", atWork.toArray(Long[]::new))
                .addValue("age", staleClaimAge.toMillis() + " milliseconds")
                .addValue("message", "interrupted: " + why + "; the contact is PENDING again and will be sent "
                        + "again without creating a second record");
        List<Long> released = jdbc.queryForList("""
                with stale as (
                    select contact_id, push_id from export_state
                    where status = 'EXPORTING' and %s
                    for update skip locked
                ), items as (
                    update push_item i set status = 'SKIPPED', error_code = 'INTERRUPTED', error_message = :message
                    from stale where i.push_id = stale.push_id and i.contact_id = stale.contact_id and i.status = 'PENDING'
                )
                update export_state s set status = 'PENDING', claimed_by = null, claimed_at = null, push_id = null,
                    error_code = 'INTERRUPTED', error_message = :message, updated_at = now()
                from stale where s.contact_id = stale.contact_id
                returning s.contact_id
                """.formatted(condition), p, Long.class);
        if (!released.isEmpty()) {
            LOG.warn("Released {} claimed contacts back to PENDING: {}", released.size(), why);
        }
        return released.size();
    }

}
