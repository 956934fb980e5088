package io.contactsync.sync;

import io.contactsync.contact.ContactStore;
import io.contactsync.contact.ExportStatus;
import io.contactsync.sync.SyncChunk.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Claims contacts for export and writes back what became of them. A claim turns PENDING into
 * EXPORTING with {@code FOR UPDATE SKIP LOCKED}, so instances sharing one database never claim the
 * same contact; recording a chunk releases its claims in the same transaction.
 */
@Component("exportStore")
public class ExportStore {

    private static final String CLAIMED_CONTACTS = "select " + ContactStore.CONTACT_COLUMNS
            + ", c.sync_key::text as sync_key, claimed.attempts from contact c join claimed on claimed.contact_id = c.id"
            + " order by c.id";

    private final NamedParameterJdbcTemplate jdbc;
    private final ContactStore contacts;
    private final String instance;

    public ExportStore(NamedParameterJdbcTemplate jdbc, ContactStore contacts) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.instance = InstanceName.get();
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
        return chunks(items, chunkSize, target, null);
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
        return chunks(items, chunkSize, target, pushId);
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

    /** Contacts left EXPORTING by an instance that stopped: back to PENDING, to be claimed again. */
    @Transactional
    public int releaseStale(java.time.Duration olderThan) {
        return jdbc.update("""
                update export_state set status = 'PENDING', claimed_by = null, claimed_at = null, updated_at = now()
                where status = 'EXPORTING' and claimed_at < now() - cast(:age as interval)
                """, Map.of("age", olderThan.toSeconds() + " seconds"));
    }

    private static List<SyncChunk> chunks(List<SyncItem> items, int chunkSize, Target target, UUID pushId) {
        List<SyncChunk> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += chunkSize) {
            chunks.add(new SyncChunk(target, pushId, List.copyOf(items.subList(from, Math.min(items.size(), from + chunkSize)))));
        }
        return chunks;
    }
}
