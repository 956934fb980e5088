package io.contactsync.push;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/** Manual pushes and their progress in PostgreSQL. */
@Component("pushStore")
public class PushStore {

    private final NamedParameterJdbcTemplate jdbc;

    public PushStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public UUID create(String requestedBy, int total) {
        return jdbc.queryForObject("insert into push (requested_by, total) values (:by, :total) returning id",
                Map.of("by", requestedBy, "total", total), UUID.class);
    }

    /** Counts and failures from one snapshot: a push finishing in between cannot show a failure count without its line. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Optional<PushProgress> progress(UUID id) {
        List<PushProgress.Failure> failures = jdbc.query("""
                select i.contact_id, concat_ws(' ', c.first_name, c.last_name) as name, c.email, i.status,
                       coalesce(i.error_code || ': ', '') || coalesce(i.error_message, '') as reason
                from push_item i join contact c on c.id = i.contact_id
                where i.push_id = :id and i.status in ('FAILED', 'DUPLICATE', 'POSTPONED') order by i.contact_id
                """, Map.of("id", id), (rs, n) -> new PushProgress.Failure(rs.getLong("contact_id"), rs.getString("name"),
                rs.getString("email"), rs.getString("status"), rs.getString("reason")));
        return jdbc.query("""
                select p.id, p.requested_by, p.total, p.created_at, p.finished_at,
                    count(*) filter (where i.status = 'EXPORTED') as exported,
                    count(*) filter (where i.status = 'DUPLICATE') as duplicates,
                    count(*) filter (where i.status = 'FAILED') as failed,
                    count(*) filter (where i.status = 'SKIPPED') as skipped,
                    count(*) filter (where i.status = 'PENDING') as pending,
                    count(*) filter (where i.status = 'POSTPONED') as postponed
                from push p left join push_item i on i.push_id = p.id
                where p.id = :id group by p.id
                """, Map.of("id", id), (rs, n) -> new PushProgress(rs.getObject("id", UUID.class),
                rs.getString("requested_by"), rs.getInt("total"), rs.getInt("exported"), rs.getInt("duplicates"),
                rs.getInt("failed"), rs.getInt("skipped"), rs.getInt("pending"), rs.getInt("postponed"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                failures)).stream().findFirst();
    }
}
