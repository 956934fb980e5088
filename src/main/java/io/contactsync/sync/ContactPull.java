package io.contactsync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.contact.Contact;
import io.contactsync.contact.ContactStore;
import io.contactsync.mapping.MappingCheck;
import io.contactsync.mapping.MappingTemplate;
import io.contactsync.mapping.MappingTemplate.Direction;
import io.contactsync.mapping.MappingTemplate.FieldRule;
import io.contactsync.mapping.MappingTemplates;
import io.contactsync.mapping.SyncedValues;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads changes made in Salesforce back into the contacts (two-way sync). Per synced object one SOQL
 * ({@code queryAll}, so deleted records come too) on a window of SystemModstamp since the object's
 * stored cursor, less an overlap for clock skew and late commits; only records carrying the service's
 * external id, i.e. created by it.
 *
 * <p>Per record: deleted marks its contact DELETED_IN_SALESFORCE; a record last saved by the integration
 * user whose {@code both} fields hash as this service last pushed them is its own echo and ignored;
 * otherwise each {@code pull} field is taken over, and each {@code both} field that changed in Salesforce
 * since the last sync is taken over unless the contact changed it too and the conflict rule keeps the
 * contact's value. Values taken over do not count as a local change: they are never pushed back.
 */
@Component("contactPull")
public class ContactPull {

    private static final Logger LOG = LoggerFactory.getLogger(ContactPull.class);
    private static final Pattern FIELD_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_]*$");
    private static final DateTimeFormatter SOQL_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
    /** Salesforce's own form (2026-12-01T10:15:30.000+0000) and ISO. */
    private static final DateTimeFormatter SF_DATETIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX][XX][X]").toFormatter();
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };
    /** Contact field → column, for the fields a pulled value can go to (MappingCheck.PULLABLE). */
    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("namePrefix", "name_prefix"), Map.entry("firstName", "first_name"),
            Map.entry("lastName", "last_name"), Map.entry("email", "email"), Map.entry("phoneWork", "phone_work"),
            Map.entry("phoneMobile", "phone_mobile"), Map.entry("company", "company"), Map.entry("title", "title"),
            Map.entry("department", "department"), Map.entry("website", "website"),
            Map.entry("addressLine1", "address_line1"), Map.entry("addressLine2", "address_line2"),
            Map.entry("zip", "zip"), Map.entry("city", "city"), Map.entry("country", "country"),
            Map.entry("notes", "notes"), Map.entry("metOn", "met_on"), Map.entry("metBy", "met_by"),
            Map.entry("leadScore", "lead_score"));

    private final NamedParameterJdbcTemplate jdbc;
    private final ContactStore contacts;
    private final MappingTemplates templates;
    private final IntegrationUser integrationUser;
    private final CamelContext camel;
    private final ObjectMapper json;
    private final String externalIdField;
    private final Duration overlap;

    public ContactPull(NamedParameterJdbcTemplate jdbc, ContactStore contacts, MappingTemplates templates,
                       IntegrationUser integrationUser, CamelContext camel, ObjectMapper json,
                       ContactSyncProperties properties,
                       @Value("${contactsync.pull.overlap:1m}") Duration overlap) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.templates = templates;
        this.integrationUser = integrationUser;
        this.camel = camel;
        this.json = json;
        String field = properties.salesforce().externalIdField();
        this.externalIdField = field == null || field.isBlank() ? null : field;
        this.overlap = overlap;
    }

    /** What one poll of one object did. */
    public record Result(String object, int read, int changed, int deleted, int echoes) { }

    /** The objects that hold records of exported contacts (Lead, Contact): one query each per poll. */
    public List<String> objects() {
        if (externalIdField == null) {
            LOG.warn("Two-way sync reads only records carrying contactsync.salesforce.external-id-field, which is empty: nothing is pulled");
            return List.of();
        }
        return jdbc.queryForList("""
                select distinct sf_object from export_state
                where sf_id is not null and exported_at is not null and sf_object in ('Lead', 'Contact')
                order by sf_object
                """, Map.of(), String.class);
    }

    /** The object's SOQL: system fields and the pulled ones, records of this service changed since the cursor. */
    public String query(String object) {
        Set<String> fields = new LinkedHashSet<>(List.of("Id", "IsDeleted", "SystemModstamp", "LastModifiedById"));
        templates.forObject(object).pulled().forEach(rule -> fields.add(rule.target()));
        for (String field : fields) {
            if (!FIELD_NAME.matcher(field).matches()) {
                throw new IllegalArgumentException("not a Salesforce field name: '" + field + "'");
            }
        }
        OffsetDateTime since = jdbc.queryForObject("""
                select coalesce((select since from pull_cursor where object = :object),
                                (select min(exported_at) from export_state where sf_object = :object), now())
                """, Map.of("object", object), OffsetDateTime.class);
        String from = since.minus(overlap).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                .format(SOQL_DATETIME);
        return "SELECT " + String.join(", ", fields) + " FROM " + object + " WHERE " + externalIdField
                + " != null AND SystemModstamp >= " + from;
    }

    /** Applies one object's changed records to the contacts; moves the cursor to the newest SystemModstamp read. */
    @Transactional
    public Result apply(String object, List<Map<String, Object>> records) {
        if (records == null || records.isEmpty()) {
            return new Result(object, 0, 0, 0, 0);
        }
        MappingTemplate template = templates.forObject(object);
        Map<String, Known> known = known(object, records.stream().map(r -> (String) r.get("Id")).toList());
        String me = integrationUser.id();
        OffsetDateTime newest = null;
        int changed = 0;
        int deleted = 0;
        int echoes = 0;
        for (Map<String, Object> record : records) {
            OffsetDateTime modstamp = time(record.get("SystemModstamp"));
            if (modstamp != null && (newest == null || modstamp.isAfter(newest))) {
                newest = modstamp;
            }
            Known contact = known.get((String) record.get("Id"));
            if (contact == null || "DELETED_IN_SALESFORCE".equals(contact.status())) {
                continue;
            }
            if (Boolean.TRUE.equals(record.get("IsDeleted"))) {
                markDeleted(contact);
                deleted++;
            } else if (me != null && me.equals(record.get("LastModifiedById")) && echo(template, record, contact.pushed())) {
                echoes++;
            } else if (take(template, record, modstamp, contact)) {
                changed++;
            }
        }
        if (newest != null) {
            jdbc.update("""
                    insert into pull_cursor (object, since) values (:object, :since)
                    on conflict (object) do update set since = greatest(pull_cursor.since, excluded.since), updated_at = now()
                    where pull_cursor.since < excluded.since
                    """, new MapSqlParameterSource("object", object).addValue("since", newest));
        }
        Result result = new Result(object, records.size(), changed, deleted, echoes);
        if (changed > 0 || deleted > 0) {
            LOG.info("Pulled {}: {} records read, {} contacts changed, {} deleted in Salesforce, {} own echoes",
                    object, result.read(), changed, deleted, echoes);
        }
        return result;
    }

    private record Known(Contact contact, String status, Map<String, Object> pushed, OffsetDateTime changedAt) { }

    private Map<String, Known> known(String object, List<String> ids) {
        Map<String, Known> known = new HashMap<>();
        jdbc.query("select " + ContactStore.CONTACT_COLUMNS + """
                , s.sf_id, s.status, s.pushed_values::text as pushed_values, c.changed_at
                from contact c join export_state s on s.contact_id = c.id
                where s.sf_object = :object and s.sf_id = any(:ids)
                """, new MapSqlParameterSource("object", object).addValue("ids", ids.toArray(String[]::new)), rs -> {
            String pushed = rs.getString("pushed_values");
            try {
                known.put(rs.getString("sf_id"), new Known(contacts.contact(rs), rs.getString("status"),
                        pushed == null ? null : json.readValue(pushed, JSON_OBJECT),
                        rs.getObject("changed_at", OffsetDateTime.class)));
            } catch (JsonProcessingException e) {
                throw new java.sql.SQLException("pushed_values of contact " + rs.getLong("id") + " is not JSON", e);
            }
        });
        return known;
    }

    private void markDeleted(Known known) {
        jdbc.update("""
                update export_state set status = 'DELETED_IN_SALESFORCE', error_code = 'DELETED_IN_SALESFORCE',
                    error_message = sf_object || ' ' || sf_id || ' was deleted in Salesforce', pulled_at = now(),
                    updated_at = now()
                where contact_id = :id and status <> 'EXPORTING'
                """, Map.of("id", known.contact().id()));
    }

    /** The integration user saved it, and its both fields are what this service last pushed: its own write. */
    private static boolean echo(MappingTemplate template, Map<String, Object> record, Map<String, Object> pushed) {
        if (pushed == null) {
            return false;
        }
        Map<String, Object> read = new HashMap<>();
        Map<String, Object> sent = new HashMap<>();
        template.pulled().stream().filter(rule -> rule.direction() == Direction.both).forEach(rule -> {
            read.put(rule.target(), record.get(rule.target()));
            sent.put(rule.target(), pushed.get(rule.target()));
        });
        return SyncedValues.hash(read).equals(SyncedValues.hash(sent));
    }

    /** Takes over what the rules say; answers whether the contact changed. */
    private boolean take(MappingTemplate template, Map<String, Object> record, OffsetDateTime modstamp, Known known) {
        Map<String, Object> local = json.convertValue(known.contact(), JSON_OBJECT);
        Map<String, Object> pushView = template.pushView(camel, known.contact());
        Map<String, Object> pushed = known.pushed() == null ? null : new LinkedHashMap<>(known.pushed());
        Map<String, Object> set = new LinkedHashMap<>();
        boolean pushedChanged = false;
        for (FieldRule rule : template.pulled()) {
            String property = rule.property();
            if (property == null || !COLUMNS.containsKey(property)) {
                continue;
            }
            Object value = record.get(rule.target());
            Object mine = local.get(property);
            if (rule.direction() == Direction.pull) {
                if (!SyncedValues.same(value, mine)) {
                    set.put(property, value);
                }
                continue;
            }
            // both: what the record held from this service; before any push was recorded, the contact's value
            Object was = pushed == null ? pushView.get(rule.target()) : pushed.get(rule.target());
            if (SyncedValues.same(value, was)) {
                continue;
            }
            boolean changedHere = pushed != null && !SyncedValues.same(pushView.get(rule.target()), was);
            boolean takeOver = switch (rule.conflict()) {
                case SALESFORCE -> true;
                case CONTACT_SYNC -> !changedHere;
                case SALESFORCE_UNLESS_BLANK -> SyncedValues.normal(value) != null;
                case LAST_WRITER -> !changedHere || known.changedAt() == null
                        || (modstamp != null && modstamp.isAfter(known.changedAt()));
            };
            if (takeOver) {
                if (!SyncedValues.same(value, mine)) {
                    set.put(property, value);
                }
                if (pushed != null) {
                    if (SyncedValues.normal(value) == null) {
                        pushed.remove(rule.target());
                    } else {
                        pushed.put(rule.target(), value);
                    }
                    pushedChanged = true;
                }
            }
        }
        if (!set.isEmpty()) {
            updateContact(known.contact().id(), set);
        }
        if (pushedChanged) {
            jdbc.update("""
                    update export_state set pushed_values = cast(:pushed as jsonb), pushed_hash = :hash, pulled_at = now()
                    where contact_id = :id
                    """, new MapSqlParameterSource("id", known.contact().id()).addValue("pushed", write(pushed))
                    .addValue("hash", SyncedValues.hash(pushed)));
        }
        return !set.isEmpty();
    }

    /** Column names come from {@link #COLUMNS} only; values are parameters. Not a local change: changed_at stays. */
    private void updateContact(long id, Map<String, Object> set) {
        List<String> assignments = new ArrayList<>();
        MapSqlParameterSource p = new MapSqlParameterSource("id", id);
        set.forEach((property, value) -> {
            assignments.add(COLUMNS.get(property) + " = :" + property);
            p.addValue(property, column(property, value));
        });
        jdbc.update("update contact set " + String.join(", ", assignments) + ", updated_at = now() where id = :id", p);
    }

    private static Object column(String property, Object value) {
        String text = SyncedValues.normal(value);
        if (text == null) {
            return null;
        }
        return switch (property) {
            case "leadScore" -> new java.math.BigDecimal(text).intValue();
            case "metOn" -> LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
            default -> text;
        };
    }

    private String write(Map<String, Object> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static OffsetDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.toString(), SF_DATETIME);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
