package io.contactsync.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The contacts and their export state in PostgreSQL. */
@Component("contactStore")
public class ContactStore {

    public static final String CONTACT_COLUMNS = "c.id, c.name_prefix, c.first_name, c.last_name, c.email, c.phone_work, "
            + "c.phone_mobile, c.company, c.title, c.department, c.website, c.address_line1, c.address_line2, c.zip, "
            + "c.city, c.country, c.notes, c.met_on, c.met_by, c.lead_score, c.custom::text as custom";
    /** The list leaves the bulk of long notes in the table: a page stays small and quick. */
    private static final String LIST_COLUMNS = CONTACT_COLUMNS.replace("c.notes,",
            "substr(c.notes, 1, " + ContactLimits.LISTED_NOTES + ") as notes,");
    private static final String STATE_COLUMNS = "s.status, s.sf_object, s.sf_id, s.exported_at, s.attempts, "
            + "s.error_code, s.error_message, s.updated_at, s.last_update_sent_at, s.pulled_at, s.pulled_fields, s.relinked_from";
    private static final String FILTERED = """
             from contact c join export_state s on s.contact_id = c.id
             where (cast(:status as text) is null or s.status = :status)
               and (cast(:search as text) is null
                    or concat_ws(' ', c.first_name, c.last_name, c.email, c.company) ilike :search)
            """;
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;

    public ContactStore(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Stores the valid contacts of a checked batch in one transaction and one JDBC batch, each with its source
     * and key and a PENDING export state. A contact whose source and key are stored already (a re-delivered
     * row, or the same key twice in a batch) is a DUPLICATE and not stored again.
     */
    @Transactional
    public IngestReport ingest(CheckedBatch batch) {
        boolean allKeyed = batch.entries().stream().allMatch(e -> e.contact() == null || e.key() != null);
        boolean any = batch.entries().stream().anyMatch(e -> e.contact() != null);
        List<MapSqlParameterSource> rows = new ArrayList<>(allKeyed ? 0 : batch.entries().size());
        for (CheckedBatch.Entry entry : batch.entries()) {
            if (entry.contact() != null && !allKeyed) {
                rows.add(parameters(entry.contact()).addValue("source", batch.source())
                        .addValue("sourceKey", entry.key(), java.sql.Types.VARCHAR));
            }
        }
        // what the insert returns: keyed rows by their key (those already stored return nothing), the others in order
        Map<String, Long> idByKey = new java.util.HashMap<>();
        java.util.Deque<Long> unkeyedIds = new java.util.ArrayDeque<>();
        if (any && allKeyed) {
            // every row carries its source's key (files, tables, mails): one statement for the whole batch
            insertKeyed(batch, idByKey);
        } else if (!rows.isEmpty()) {
            GeneratedKeyHolder keys = new GeneratedKeyHolder();
            jdbc.batchUpdate("""
                    insert into contact (name_prefix, first_name, last_name, email, phone_work, phone_mobile, company,
                        title, department, website, address_line1, address_line2, zip, city, country, notes, met_on,
                        met_by, lead_score, custom, source, source_key)
                    values (:namePrefix, :firstName, :lastName, :email, :phoneWork, :phoneMobile, :company, :title,
                        :department, :website, :addressLine1, :addressLine2, :zip, :city, :country, :notes, :metOn,
                        :metBy, :leadScore, cast(:custom as jsonb), :source, :sourceKey)
                    on conflict (source, source_key) do nothing
                    """, rows.toArray(MapSqlParameterSource[]::new), keys, new String[] {"id", "source_key"});
            for (Map<String, Object> key : keys.getKeyList()) {
                long id = ((Number) key.get("id")).longValue();
                if (key.get("source_key") == null) {
                    unkeyedIds.add(id);
                } else {
                    idByKey.put((String) key.get("source_key"), id);
                }
            }
        }
        List<IngestReport.Outcome> outcomes = new ArrayList<>(batch.entries().size());
        List<Long> ids = new ArrayList<>(batch.entries().size());
        int duplicates = 0;
        for (CheckedBatch.Entry entry : batch.entries()) {
            Long id = null;
            if (entry.refusal() != null) {
                outcomes.add(new IngestReport.Outcome(entry.key(), IngestReport.Status.REFUSED, null,
                        entry.refusal().field(), entry.refusal().getMessage()));
                continue;
            } else if (entry.key() == null) {
                id = unkeyedIds.poll();
            } else {
                id = idByKey.remove(entry.key());
            }
            if (id == null) {
                duplicates++;
                outcomes.add(new IngestReport.Outcome(entry.key(), IngestReport.Status.DUPLICATE, null, null,
                        "stored before from " + batch.source() + " with the same key"));
            } else {
                ids.add(id);
                outcomes.add(new IngestReport.Outcome(entry.key(), IngestReport.Status.STORED, id, null, null));
            }
        }
        if (!ids.isEmpty()) {
            jdbc.update("insert into export_state (contact_id) select unnest(cast(:ids as bigint[]))",
                    Map.of("ids", ids.toArray(Long[]::new)));
        }
        int refused = outcomes.size() - ids.size() - duplicates;
        return new IngestReport(batch.source(), ids.size(), duplicates, refused, outcomes);
    }

    /** The contact, locked for a change in this transaction. */
    public Optional<Contact> lock(long id) {
        return jdbc.query("select " + CONTACT_COLUMNS + " from contact c where c.id = :id for update",
                Map.of("id", id), (rs, n) -> contact(rs)).stream().findFirst();
    }

    /**
     * A local change (PATCH): all fields as given, and changed_at, which makes an exported contact go out
     * again as an update of its record.
     */
    public void update(Contact c) {
        jdbc.update("""
                update contact set name_prefix = :namePrefix, first_name = :firstName, last_name = :lastName,
                    email = :email, phone_work = :phoneWork, phone_mobile = :phoneMobile, company = :company,
                    title = :title, department = :department, website = :website, address_line1 = :addressLine1,
                    address_line2 = :addressLine2, zip = :zip, city = :city, country = :country, notes = :notes,
                    met_on = :metOn, met_by = :metBy, lead_score = :leadScore, custom = cast(:custom as jsonb),
                    changed_at = clock_timestamp(), updated_at = now()
                where id = :id
                """, parameters(c).addValue("id", c.id()));
    }

    public Optional<ContactView> find(long id) {
        return jdbc.query("select " + CONTACT_COLUMNS + ", c.source, " + STATE_COLUMNS
                        + " from contact c join export_state s on s.contact_id = c.id where c.id = :id",
                Map.of("id", id), (rs, n) -> view(rs)).stream().findFirst();
    }

    public List<ContactView> list(ExportStatus status, String search, int page, int size) {
        MapSqlParameterSource p = filter(status, search)
                .addValue("limit", size)
                .addValue("offset", (long) page * size);
        return jdbc.query("select " + LIST_COLUMNS + ", c.source, " + STATE_COLUMNS + FILTERED
                + " order by c.id desc limit :limit offset :offset", p, (rs, n) -> view(rs));
    }

    /** How many contacts {@link #list} pages through with the same filter. */
    public long count(ExportStatus status, String search) {
        return jdbc.queryForObject("select count(*)" + FILTERED, filter(status, search), Long.class);
    }

    private static MapSqlParameterSource filter(ExportStatus status, String search) {
        return new MapSqlParameterSource()
                .addValue("status", status == null ? null : status.name())
                .addValue("search", search == null || search.isBlank() ? null : "%" + likeEscape(search.strip()) + "%");
    }

    /** Which of these ids are unknown. */
    public List<Long> unknownIds(List<Long> ids) {
        return jdbc.queryForList("""
                select i from unnest(cast(:ids as bigint[])) as i
                where not exists (select 1 from contact c where c.id = i) order by i
                """, Map.of("ids", ids.toArray(Long[]::new)), Long.class);
    }

    /** Of the given contacts, those the person with this email did not meet (metBy, ignoring case). */
    public List<Long> notMetBy(List<Long> ids, String email) {
        return jdbc.queryForList("""
                select c.id from contact c where c.id = any(cast(:ids as bigint[]))
                  and (c.met_by is null or :email is null or lower(c.met_by) <> lower(:email)) order by c.id
                """, new org.springframework.jdbc.core.namedparam.MapSqlParameterSource("ids", ids.toArray(Long[]::new))
                .addValue("email", email, java.sql.Types.VARCHAR), Long.class);
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /**
     * Inserts a batch whose contacts all carry a source key with one {@code insert … select from jsonb_to_recordset}:
     * PostgreSQL parses and plans it once instead of once per row. Keys stored before return nothing.
     */
    private void insertKeyed(CheckedBatch batch, Map<String, Long> idByKey) {
        List<Map<String, Object>> docs = new ArrayList<>(batch.entries().size());
        for (CheckedBatch.Entry entry : batch.entries()) {
            Contact c = entry.contact();
            if (c == null) {
                continue;
            }
            Map<String, Object> doc = new java.util.HashMap<>(32);
            doc.put("name_prefix", c.namePrefix());
            doc.put("first_name", c.firstName());
            doc.put("last_name", c.lastName());
            doc.put("email", c.email());
            doc.put("phone_work", c.phoneWork());
            doc.put("phone_mobile", c.phoneMobile());
            doc.put("company", c.company());
            doc.put("title", c.title());
            doc.put("department", c.department());
            doc.put("website", c.website());
            doc.put("address_line1", c.addressLine1());
            doc.put("address_line2", c.addressLine2());
            doc.put("zip", c.zip());
            doc.put("city", c.city());
            doc.put("country", c.country());
            doc.put("notes", c.notes());
            doc.put("met_on", c.metOn() == null ? null : c.metOn().toString());
            doc.put("met_by", c.metBy());
            doc.put("lead_score", c.leadScore());
            doc.put("custom", c.custom());
            doc.put("source_key", entry.key());
            docs.add(doc);
        }
        String rows;
        try {
            rows = json.writeValueAsString(docs);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("contacts not serialisable: " + e.getOriginalMessage(), e);
        }
        jdbc.query("""
                insert into contact (name_prefix, first_name, last_name, email, phone_work, phone_mobile, company,
                    title, department, website, address_line1, address_line2, zip, city, country, notes, met_on,
                    met_by, lead_score, custom, source, source_key)
                select name_prefix, first_name, last_name, email, phone_work, phone_mobile, company, title, department,
                    website, address_line1, address_line2, zip, city, country, notes, met_on, met_by, lead_score,
                    coalesce(custom, 'null'::jsonb), :source, source_key
                from jsonb_to_recordset(cast(:rows as jsonb)) as r(name_prefix text, first_name text, last_name text,
                    email text, phone_work text, phone_mobile text, company text, title text, department text, website text,
                    address_line1 text, address_line2 text, zip text, city text, country text, notes text, met_on date,
                    met_by text, lead_score integer, custom jsonb, source_key text)
                on conflict (source, source_key) do nothing
                returning id, source_key
                """, Map.of("rows", rows, "source", batch.source()),
                rs -> { idByKey.put(rs.getString("source_key"), rs.getLong("id")); });
    }

    private MapSqlParameterSource parameters(Contact c) {
        return new MapSqlParameterSource()
                .addValue("namePrefix", c.namePrefix()).addValue("firstName", c.firstName())
                .addValue("lastName", c.lastName()).addValue("email", c.email())
                .addValue("phoneWork", c.phoneWork()).addValue("phoneMobile", c.phoneMobile())
                .addValue("company", c.company()).addValue("title", c.title())
                .addValue("department", c.department()).addValue("website", c.website())
                .addValue("addressLine1", c.addressLine1()).addValue("addressLine2", c.addressLine2())
                .addValue("zip", c.zip()).addValue("city", c.city()).addValue("country", c.country())
                .addValue("notes", c.notes()).addValue("metOn", c.metOn()).addValue("metBy", c.metBy())
                .addValue("leadScore", c.leadScore()).addValue("custom", toJson(c.custom()));
    }

    private String toJson(Map<String, Object> custom) {
        try {
            return json.writeValueAsString(custom);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("custom is not serialisable: " + e.getOriginalMessage(), e);
        }
    }

    public Contact contact(ResultSet rs) throws SQLException {
        try {
            return new Contact(rs.getLong("id"), rs.getString("name_prefix"), rs.getString("first_name"),
                    rs.getString("last_name"), rs.getString("email"), rs.getString("phone_work"),
                    rs.getString("phone_mobile"), rs.getString("company"), rs.getString("title"),
                    rs.getString("department"), rs.getString("website"), rs.getString("address_line1"),
                    rs.getString("address_line2"), rs.getString("zip"), rs.getString("city"), rs.getString("country"),
                    rs.getString("notes"), rs.getObject("met_on", LocalDate.class), rs.getString("met_by"),
                    (Integer) rs.getObject("lead_score"), json.readValue(rs.getString("custom"), JSON_OBJECT));
        } catch (JsonProcessingException e) {
            throw new SQLException("custom of contact " + rs.getLong("id") + " is not JSON", e);
        }
    }

    private ContactView view(ResultSet rs) throws SQLException {
        String code = rs.getString("error_code");
        String message = rs.getString("error_message");
        ExportState state = new ExportState(ExportStatus.valueOf(rs.getString("status")), rs.getString("sf_object"),
                rs.getString("sf_id"), rs.getObject("exported_at", OffsetDateTime.class), rs.getInt("attempts"),
                code == null && message == null ? null : new ExportState.ExportError(code, message),
                rs.getObject("updated_at", OffsetDateTime.class), rs.getObject("last_update_sent_at", OffsetDateTime.class),
                rs.getString("pulled_fields") == null ? null : rs.getObject("pulled_at", OffsetDateTime.class),
                rs.getArray("pulled_fields") == null ? null : List.of((String[]) rs.getArray("pulled_fields").getArray()),
                rs.getString("relinked_from"));
        return new ContactView(contact(rs), state, rs.getString("source"));
    }
}
