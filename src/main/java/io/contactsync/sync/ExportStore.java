package io.contactsync.sync;

import io.contactsync.contact.ContactStore;
import io.contactsync.contact.ExportStatus;
import io.contactsync.sync.SyncChunk.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * <p>A live instance keeps its claims fresh ({@link #refreshClaims()}); a claim not refreshed for
 * {@code contactsync.sync.stale-claim-age} belongs to an instance that stopped without recording it
 * and goes back to PENDING ({@link #releaseStale()}). Sending such a contact again never creates a
 * second record: records are upserted on the contact's {@code sync_key}.
 */
@Component("exportStore")
public class ExportStore {

    private static final Logger LOG = LoggerFactory.getLogger(ExportStore.class);

    private static final String CLAIMED_CONTACTS = "select " + ContactStore.CONTACT_COLUMNS
            + ", c.sync_key::text as sync_key, claimed.attempts from contact c join claimed on claimed.contact_id = c.id"
            + " order by c.id";

    private final NamedParameterJdbcTemplate jdbc;
    private final ContactStore contacts;
    private final Duration staleClaimAge;
    private final String instance;

    public ExportStore(NamedParameterJdbcTemplate jdbc, ContactStore contacts,
                       @Value("${contactsync.sync.stale-claim-age:10m}") Duration staleClaimAge) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.staleClaimAge = staleClaimAge;
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
                    where s.status = 'PENDING'
                      and c.created_at >= (select cast(value as timestamptz) from app_state where key = 'automatic_since')
                    order by s.contact_id limit :limit
                    for update of s skip locked
                ), claimed as (
                    update export_state s set status = 'EXPORTING', claimed_by = :instance, claimed_at = now(),
                        attempts = s.attempts + 1, push_id = null, updated_at = now()
                    from picked where s.contact_id = picked.contact_id
                    returning s.contact_id, s.attempts
                )
                """ + CLAIMED_CONTACTS,
                new MapSqlParameterSource().addValue("limit", limit).addValue("instance", instance),
                (rs, n) -> new SyncItem(contacts.contact(rs), rs.getString("sync_key"), rs.getInt("attempts")));
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
                            else 'being exported by another run' end
                from export_state s where s.contact_id = any(:ids) and s.status in ('EXPORTED', 'EXPORTING')
                """, p);
        List<SyncItem> items = jdbc.query("""
                with claimed as (
                    update export_state s set status = 'EXPORTING', claimed_by = :instance, claimed_at = now(),
                        attempts = s.attempts + 1, push_id = :push, error_code = null, error_message = null,
                        updated_at = now()
                    where s.contact_id = any(:ids) and s.status not in ('EXPORTED', 'EXPORTING')
                    returning s.contact_id, s.attempts
                ), items as (
                    insert into push_item (push_id, contact_id) select :push, contact_id from claimed
                )
                """ + CLAIMED_CONTACTS, p,
                (rs, n) -> new SyncItem(contacts.contact(rs), rs.getString("sync_key"), rs.getInt("attempts")));
        return SyncChunk.split(items, chunkSize, target, pushId);
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
        List<MapSqlParameterSource> rows = new ArrayList<>();
        for (SyncItem item : chunk.items()) {
            ExportStatus status = item.outcome() == null ? ExportStatus.PENDING : item.outcome();
            rows.add(new MapSqlParameterSource()
                    .addValue("contact", item.contactId())
                    .addValue("status", status.name())
                    // settled but put back (allowance used up, login fails): the push is done with it
                    .addValue("pushStatus", item.outcome() == ExportStatus.PENDING ? "POSTPONED" : status.name())
                    .addValue("object", item.sfObject())
                    .addValue("sfId", item.sfId())
                    .addValue("code", item.errorCode())
                    .addValue("message", item.errorMessage())
                    .addValue("digest", status == ExportStatus.FAILED && chunk.automatic())
                    .addValue("push", chunk.pushId()));
        }
        MapSqlParameterSource[] batch = rows.toArray(MapSqlParameterSource[]::new);
        jdbc.batchUpdate("""
                update export_state set status = :status, sf_object = :object, sf_id = :sfId, error_code = :code,
                    error_message = :message, claimed_by = null, claimed_at = null, digest_pending = :digest,
                    exported_at = case when :status = 'EXPORTED' then now() else exported_at end, updated_at = now()
                where contact_id = :contact
                """, batch);
        if (chunk.pushId() == null) {
            return null;
        }
        jdbc.batchUpdate("""
                update push_item set status = :pushStatus, error_code = :code, error_message = :message
                where push_id = :push and contact_id = :contact
                """, batch);
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

    /** Marks this instance's claims as still alive, so that no other instance takes them for stale. */
    public int refreshClaims() {
        return jdbc.update("update export_state set claimed_at = now() where status = 'EXPORTING' and claimed_by = :instance",
                Map.of("instance", instance));
    }

    /**
     * Contacts left EXPORTING by an instance that stopped (claim not refreshed for the stale-claim age):
     * back to PENDING, to be claimed again. Answers how many were released.
     */
    @Transactional
    public int releaseStale() {
        return release("claimed_by is distinct from :instance and claimed_at < now() - cast(:age as interval)",
                "its instance stopped before recording the outcome");
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
