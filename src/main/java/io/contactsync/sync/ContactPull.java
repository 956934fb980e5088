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
    private final boolean newRecords;
    private final String apiVersion;

    public ContactPull(NamedParameterJdbcTemplate jdbc, ContactStore contacts, MappingTemplates templates,
                       IntegrationUser integrationUser, CamelContext camel, ObjectMapper json,
                       ContactSyncProperties properties,
                       @Value("${contactsync.pull.overlap:1m}") Duration overlap,
                       @Value("${contactsync.sync.direction:push}") String direction,
                       @Value("${contactsync.salesforce.api-version}") String apiVersion) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.templates = templates;
        this.integrationUser = integrationUser;
        this.camel = camel;
        this.json = json;
        String field = properties.salesforce().externalIdField();
        this.externalIdField = field == null || field.isBlank() ? null : field;
        this.overlap = overlap;
        this.newRecords = switch (direction.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "push" -> false;
            case "pull", "both" -> true;
            default -> throw new IllegalArgumentException("contactsync.sync.direction must be push, pull or both, not '"
                    + direction + "'");
        };
        this.apiVersion = apiVersion;
    }

    /** What one poll of one object did. */
    public record Result(String object, int read, int changed, int deleted, int echoes, int relinked, int created) {
        Result(String object) {
            this(object, 0, 0, 0, 0, 0, 0);
        }
    }

    /** One object's first answer page in a poll, or Salesforce's refusal of its query. */
    public record Answer(String object, int status, String page) {
        /** The page (JSON), or an exception naming Salesforce's refusal. */
        public String page() {
            if (status >= 300) {
                throw new IllegalStateException("Salesforce refused the query of " + object + " (HTTP " + status + "): " + page);
            }
            return page;
        }
    }

    /**
     * The objects to read (Lead before Contact, so a conversion is seen before its Contact): those that hold
     * records of exported contacts, or both when new records come from Salesforce too (contactsync.sync.direction).
     */
    public List<String> objects() {
        if (newRecords) {
            return List.of("Lead", "Contact");
        }
        if (externalIdField == null) {
            LOG.warn("Two-way sync reads only records carrying contactsync.salesforce.external-id-field, which is empty: nothing is pulled");
            return List.of();
        }
        return jdbc.queryForList("""
                select distinct sf_object from export_state
                where sf_id is not null and exported_at is not null and sf_object in ('Lead', 'Contact')
                order by sf_object desc
                """, Map.of(), String.class);
    }

    /**
     * One Composite request with one queryAll subrequest per object: a poll of Lead and Contact is one API
     * call. Null when there is nothing to read.
     */
    public String composite() {
        List<Map<String, Object>> subrequests = new ArrayList<>();
        for (String object : objects()) {
            subrequests.add(Map.of("method", "GET", "referenceId", object, "url", "/services/data/v" + apiVersion
                    + "/queryAll?q=" + java.net.URLEncoder.encode(query(object), java.nio.charset.StandardCharsets.UTF_8)));
        }
        return subrequests.isEmpty() ? null : write(Map.of("allOrNone", false, "compositeRequest", subrequests));
    }

    /** The Composite answer split per object, in the order asked. */
    @SuppressWarnings("unchecked")
    public List<Answer> answers(String composite) throws JsonProcessingException {
        Map<String, Object> answer = json.readValue(composite, JSON_OBJECT);
        List<Answer> answers = new ArrayList<>();
        for (Object item : (List<Object>) answer.getOrDefault("compositeResponse", List.of())) {
            Map<String, Object> sub = (Map<String, Object>) item;
            answers.add(new Answer(String.valueOf(sub.get("referenceId")), ((Number) sub.get("httpStatusCode")).intValue(),
                    json.writeValueAsString(sub.get("body"))));
        }
        return answers;
    }

    /**
     * The object's SOQL: system fields (merge and conversion ones too) and the pulled ones of the records of
     * this service changed since the cursor; with new records from Salesforce, also those created since, with
     * every mapped field.
     */
    public String query(String object) {
        String from = since(object).minus(overlap).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                .format(SOQL_DATETIME);
        String where = externalIdField == null ? "SystemModstamp >= " + from
                : "(" + externalIdField + " != null" + (newRecords ? " OR CreatedDate >= " + from : "")
                + ") AND SystemModstamp >= " + from;
        return "SELECT " + String.join(", ", fields(object)) + " FROM " + object + " WHERE " + where;
    }

    /** The fields read of an object's records; {@link #query} and the reconciliation ask the same. */
    public Set<String> fields(String object) {
        Set<String> fields = new LinkedHashSet<>(List.of("Id", "IsDeleted", "SystemModstamp", "LastModifiedById",
                "MasterRecordId"));
        if ("Lead".equals(object)) {
            fields.addAll(List.of("IsConverted", "ConvertedContactId"));
        }
        MappingTemplate template = templates.forObject(object);
        template.pulled().forEach(rule -> fields.add(rule.target()));
        if (newRecords) {
            fields.addAll(List.of("CreatedById", "CreatedDate", "FirstName", "LastName", "Email"));
            if (externalIdField != null) {
                fields.add(externalIdField);
            }
            template.fields().stream().filter(rule -> rule.property() != null && COLUMNS.containsKey(rule.property()))
                    .forEach(rule -> fields.add(rule.target()));
        }
        for (String field : fields) {
            if (!FIELD_NAME.matcher(field).matches()) {
                throw new IllegalArgumentException("not a Salesforce field name: '" + field + "'");
            }
        }
        return fields;
    }

    /** The object's cursor; before the first read the object's first export, or (new records pulled) now, kept. */
    private OffsetDateTime since(String object) {
        OffsetDateTime since = jdbc.queryForObject("""
                select coalesce((select since from pull_cursor where object = :object),
                                (select min(exported_at) from export_state where sf_object = :object))
                """, Map.of("object", object), OffsetDateTime.class);
        if (since != null) {
            return since;
        }
        if (newRecords) {
            // records created in Salesforce from now on become contacts: keep where that began
            jdbc.update("insert into pull_cursor (object, since) values (:object, now()) on conflict (object) do nothing",
                    Map.of("object", object));
            return jdbc.queryForObject("select since from pull_cursor where object = :object", Map.of("object", object),
                    OffsetDateTime.class);
        }
        return OffsetDateTime.now();
    }

    /** Applies one object's changed records to the contacts; moves the cursor to the newest SystemModstamp read. */
    @Transactional
    public Result apply(String object, List<Map<String, Object>> records) {
        return apply(object, records, true);
    }

    /**
     * Applies records read back: a deleted one marks its contact DELETED_IN_SALESFORCE, unless it was merged
     * (MasterRecordId), which links the contact to the surviving record; a converted Lead links its contact
     * to the Contact it became; a record created in Salesforce by someone else becomes a contact (direction
     * pull or both); otherwise the fields are taken over by their rules. {@code moveCursor}: false for the
     * reconciliation, which reads records of any time.
     */
    @Transactional
    public Result apply(String object, List<Map<String, Object>> records, boolean moveCursor) {
        if (records == null || records.isEmpty()) {
            return new Result(object);
        }
        MappingTemplate template = templates.forObject(object);
        Map<String, List<Known>> known = known(object, records.stream().map(r -> (String) r.get("Id")).toList());
        String me = integrationUser.id();
        OffsetDateTime createdFrom = newRecords ? since(object).minus(overlap) : null;
        OffsetDateTime newest = null;
        int changed = 0;
        int deleted = 0;
        int echoes = 0;
        int relinked = 0;
        int created = 0;
        for (Map<String, Object> record : records) {
            OffsetDateTime modstamp = time(record.get("SystemModstamp"));
            if (modstamp != null && (newest == null || modstamp.isAfter(newest))) {
                newest = modstamp;
            }
            List<Known> linked = known.getOrDefault((String) record.get("Id"), List.of());
            if (linked.isEmpty()) {
                if (createdFrom != null && fromSalesforce(record, me, createdFrom) && create(object, template, record)) {
                    created++;
                }
                continue;
            }
            // several contacts share a record after a merge of their records
            for (Known contact : linked) {
                if ("DELETED_IN_SALESFORCE".equals(contact.status())) {
                    continue;
                }
                String master = (String) record.get("MasterRecordId");
                String convertedTo = Boolean.TRUE.equals(record.get("IsConverted")) ? (String) record.get("ConvertedContactId") : null;
                if (Boolean.TRUE.equals(record.get("IsDeleted")) && master != null) {
                    relink(contact, object, master, object + " " + record.get("Id") + " was merged into " + master);
                    relinked++;
                } else if (Boolean.TRUE.equals(record.get("IsDeleted"))) {
                    markDeleted(contact);
                    deleted++;
                } else if (convertedTo != null) {
                    relink(contact, "Contact", convertedTo, "Lead " + record.get("Id") + " was converted to Contact " + convertedTo);
                    relinked++;
                } else if (me != null && me.equals(record.get("LastModifiedById")) && echo(template, record, contact.pushed())) {
                    echoes++;
                } else if (take(template, record, modstamp, contact)) {
                    changed++;
                }
            }
        }
        if (newest != null && moveCursor) {
            jdbc.update("""
                    insert into pull_cursor (object, since) values (:object, :since)
                    on conflict (object) do update set since = greatest(pull_cursor.since, excluded.since), updated_at = now()
                    where pull_cursor.since < excluded.since
                    """, new MapSqlParameterSource("object", object).addValue("since", newest));
        }
        Result result = new Result(object, records.size(), changed, deleted, echoes, relinked, created);
        if (changed > 0 || deleted > 0 || relinked > 0 || created > 0) {
            LOG.info("Pulled {}: {} records read, {} contacts changed, {} deleted in Salesforce, {} followed a merge or "
                    + "conversion, {} new from Salesforce, {} own echoes", object, result.read(), changed, deleted, relinked,
                    created, echoes);
        }
        return result;
    }

    /** The export now points at the record that carries on (merge master, converted Contact); pulls continue from it. */
    private void relink(Known known, String object, String sfId, String why) {
        jdbc.update("""
                update export_state set sf_object = :object, sf_id = :sfId, pushed_values = null, pushed_hash = null,
                    pulled_at = now(), pulled_fields = null, relinked_from = sf_object || ' ' || sf_id, relinked_at = now(),
                    updated_at = now()
                where contact_id = :id
                """, new MapSqlParameterSource("id", known.contact().id()).addValue("object", object).addValue("sfId", sfId));
        LOG.info("Contact {}: {}", known.contact().id(), why);
    }

    /** Created in Salesforce, by someone else than this service, since pulling began, live, not converted, not ours. */
    private boolean fromSalesforce(Map<String, Object> record, String me, OffsetDateTime createdFrom) {
        OffsetDateTime createdAt = time(record.get("CreatedDate"));
        return !Boolean.TRUE.equals(record.get("IsDeleted")) && !Boolean.TRUE.equals(record.get("IsConverted"))
                && record.get("MasterRecordId") == null && me != null && !me.equals(record.get("CreatedById"))
                && (externalIdField == null || record.get(externalIdField) == null)
                && createdAt != null && !createdAt.isBefore(createdFrom);
    }

    /**
     * A record created in Salesforce becomes a contact (source {@code salesforce}, key its id), EXPORTED and linked
     * to it, with what it holds as the values the record holds from this service: nothing is pushed back.
     */
    private boolean create(String object, MappingTemplate template, Map<String, Object> record) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("firstName", record.get("FirstName"));
        values.put("lastName", record.get("LastName"));
        values.put("email", record.get("Email"));
        Map<String, Object> held = new LinkedHashMap<>();
        for (FieldRule rule : template.fields()) {
            String property = rule.property();
            if (property != null && COLUMNS.containsKey(property) && record.containsKey(rule.target())) {
                values.put(property, record.get(rule.target()));
                if (rule.direction().pushes() && SyncedValues.normal(record.get(rule.target())) != null) {
                    held.put(rule.target(), record.get(rule.target()));
                }
            }
        }
        List<String> columns = new ArrayList<>();
        MapSqlParameterSource p = new MapSqlParameterSource("key", record.get("Id"));
        values.forEach((property, value) -> {
            columns.add(COLUMNS.get(property));
            p.addValue(property, column(property, value));
        });
        List<Long> ids = jdbc.queryForList("insert into contact (" + String.join(", ", columns) + ", source, source_key) values (:"
                + String.join(", :", values.keySet()) + ", 'salesforce', :key) on conflict (source, source_key) do nothing returning id",
                p, Long.class);
        if (ids.isEmpty()) {
            return false;
        }
        jdbc.update("""
                insert into export_state (contact_id, status, sf_object, sf_id, exported_at, pushed_values, pushed_hash, pulled_at)
                values (:id, 'EXPORTED', :object, :sfId, now(), cast(:pushed as jsonb), :hash, now())
                """, new MapSqlParameterSource("id", ids.get(0)).addValue("object", object).addValue("sfId", record.get("Id"))
                .addValue("pushed", write(held)).addValue("hash", SyncedValues.hash(held)));
        return true;
    }

    private record Known(Contact contact, String status, Map<String, Object> pushed, OffsetDateTime changedAt) { }

    private Map<String, List<Known>> known(String object, List<String> ids) {
        Map<String, List<Known>> known = new HashMap<>();
        jdbc.query("select " + ContactStore.CONTACT_COLUMNS + """
                , s.sf_id, s.status, s.pushed_values::text as pushed_values, c.changed_at
                from contact c join export_state s on s.contact_id = c.id
                where s.sf_object = :object and s.sf_id = any(:ids)
                """, new MapSqlParameterSource("object", object).addValue("ids", ids.toArray(String[]::new)), rs -> {
            String pushed = rs.getString("pushed_values");
            try {
                known.computeIfAbsent(rs.getString("sf_id"), id -> new ArrayList<>()).add(new Known(contacts.contact(rs), rs.getString("status"),
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
            jdbc.update("update export_state set pulled_at = now(), pulled_fields = :fields where contact_id = :id",
                    new MapSqlParameterSource("id", known.contact().id())
                            .addValue("fields", set.keySet().toArray(String[]::new)));
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
