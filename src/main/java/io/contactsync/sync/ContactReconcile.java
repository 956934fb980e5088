package io.contactsync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.salesforce.Soql;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The daily reconciliation of two-way sync: Salesforce's replication calls ({@code getUpdated},
 * {@code getDeleted}) name every record of an object changed or deleted in the last
 * {@code contactsync.pull.reconcile-window}, whatever the poll cursors saw. The ids of exported contacts among
 * them are read again with queryAll (200 a query) and applied like a poll, without moving the cursor.
 */
@Component("contactReconcile")
public class ContactReconcile {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };
    /** Room left in a GET for the request line and headers. */
    private static final int MAX_QUERY_BYTES = 14_000;

    private final NamedParameterJdbcTemplate jdbc;
    private final ContactPull pull;
    private final ObjectMapper json;
    private final Duration window;

    public ContactReconcile(NamedParameterJdbcTemplate jdbc, ContactPull pull, ObjectMapper json,
                            @Value("${contactsync.pull.reconcile-window:25h}") Duration window) {
        this.jdbc = jdbc;
        this.pull = pull;
        this.json = json;
        this.window = window;
    }

    /** Start of the window (whole minutes, UTC), as getUpdated and getDeleted take it. */
    public String start() {
        return OffsetDateTime.now(ZoneOffset.UTC).minus(window).truncatedTo(ChronoUnit.MINUTES).toString();
    }

    /** End of the window: the next minute, so that what changed just now is in it. */
    public String end() {
        return OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1).truncatedTo(ChronoUnit.MINUTES).toString();
    }

    /** The ids of a getUpdated answer ({@code ids}) or a getDeleted answer ({@code deletedRecords[].id}). */
    @SuppressWarnings("unchecked")
    public List<String> ids(String answer) throws JsonProcessingException {
        Map<String, Object> body = json.readValue(answer, JSON_OBJECT);
        List<String> ids = new ArrayList<>();
        if (body.get("ids") instanceof List<?> updated) {
            updated.forEach(id -> ids.add(id.toString()));
        }
        if (body.get("deletedRecords") instanceof List<?> deleted) {
            deleted.forEach(entry -> ids.add(String.valueOf(((Map<String, Object>) entry).get("id"))));
        }
        return ids;
    }

    /** The queryAll SOQL (200 ids a query at most) of the changed or deleted records that exported contacts are linked to. */
    public List<String> queries(String object, List<String> updated, List<String> deleted) {
        Set<String> changed = new LinkedHashSet<>(updated);
        changed.addAll(deleted);
        if (changed.isEmpty()) {
            return List.of();
        }
        List<String> known = jdbc.queryForList("""
                select distinct sf_id from export_state
                where sf_object = :object and sf_id = any(:ids) and status <> 'DELETED_IN_SALESFORCE'
                order by sf_id
                """, new MapSqlParameterSource("object", object).addValue("ids", changed.toArray(String[]::new)), String.class);
        List<String> queries = new ArrayList<>();
        String prefix = "SELECT " + String.join(", ", pull.fields(object)) + " FROM " + object + " WHERE Id";
        for (int from = 0; from < known.size(); from += 200) {
            queries.addAll(Soql.inQueries(prefix, known.subList(from, Math.min(known.size(), from + 200)), "", MAX_QUERY_BYTES));
        }
        return queries;
    }
}
