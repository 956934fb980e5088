package io.contactsync.simulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The records of the simulated org and the checks Salesforce makes on every write: field names and
 * types, lengths, restricted picklists, e-mail format, references, required fields, unique external
 * ids, the active duplicate rule on e-mail and the Lead assignment rule. Callers hold the store's
 * monitor for a whole request, so an all-or-none request can be rolled back through its undo log.
 */
public final class OrgStore {

    static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    static final String DUPLICATE_MESSAGE = "You're creating a duplicate record. We recommend you use an existing record instead.";
    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");
    /** Fields looked up by value: the duplicate rule's Email, unique external ids, login names. */
    private static final Set<String> INDEXED = Set.of("email", "contactsyncid__c", "username", "name");

    /** Who writes and which of Salesforce's request headers came with the write. */
    public record WriteContext(String userId, String apiVersion, boolean autoAssign, boolean allowDuplicateSave) { }

    public record Upserted(String id, boolean created) { }

    private final OrgSchema schema;
    private final SimulatorSettings settings;
    private final Map<String, Map<String, Map<String, Object>>> records = new HashMap<>();
    private final Map<String, Map<String, Set<String>>> index = new HashMap<>();
    private final Set<String> deleted = new HashSet<>();
    private long nextNumber = 1;
    private List<Runnable> undo;

    public OrgStore(OrgSchema schema, SimulatorSettings settings) {
        this.schema = schema;
        this.settings = settings;
    }

    public OrgSchema schema() { return schema; }

    // ---- reading

    public synchronized List<Map<String, Object>> all(String type) {
        return List.copyOf(table(type).values());
    }

    public synchronized Map<String, Object> get(String id) {
        SObjectType type = schema.byPrefix(id);
        return type == null ? null : table(type.name()).get(id);
    }

    /** Ids of the records of a type whose indexed field equals the value, ignoring case. */
    public synchronized Set<String> lookup(String type, String field, String value) {
        if (value == null) {
            return Set.of();
        }
        return Set.copyOf(index.getOrDefault(indexKey(type, field), Map.of())
                .getOrDefault(value.toLowerCase(Locale.ROOT), Set.of()));
    }

    /** Whether records can be looked up by this field's value. */
    public boolean indexed(String field) {
        return INDEXED.contains(field.toLowerCase(Locale.ROOT));
    }

    /**
     * The records of a type whose indexed field equals one of the values, ignoring case, in the order
     * they were created (ids grow with it), as a scan of {@link #all} would meet them.
     */
    public synchronized List<Map<String, Object>> lookupAll(String type, String field, List<String> values) {
        Map<String, Set<String>> byValue = index.getOrDefault(indexKey(type, field), Map.of());
        java.util.TreeSet<String> ids = new java.util.TreeSet<>();
        for (String value : values) {
            ids.addAll(byValue.getOrDefault(value.toLowerCase(Locale.ROOT), Set.of()));
        }
        Map<String, Map<String, Object>> table = table(type);
        List<Map<String, Object>> found = new ArrayList<>(ids.size());
        for (String id : ids) {
            Map<String, Object> record = table.get(id);
            if (record != null) {
                found.add(record);
            }
        }
        return found;
    }

    // ---- writing through the API

    /**
     * Reads a record's JSON fields as Salesforce deserialises them: an unknown field or a value of
     * the wrong JSON type fails the whole request, before any record is written.
     */
    public Map<String, Object> parse(SObjectType type, Map<String, Object> json) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : json.entrySet()) {
            if ("attributes".equals(entry.getKey())) {
                continue;
            }
            SObjectField field = type.field(entry.getKey());
            if (field == null) {
                throw new SalesforceError(400, "INVALID_FIELD", "No such column '" + entry.getKey() + "' on sobject of type "
                        + type.name(), null);
            }
            fields.put(field.name(), coerce(field, entry.getValue()));
        }
        return fields;
    }

    public synchronized String insert(SObjectType type, Map<String, Object> fields, WriteContext ctx) {
        if (!type.createable()) {
            throw new SalesforceError(400, "INVALID_TYPE_FOR_OPERATION", "entity type " + type.name()
                    + " does not support insert", null);
        }
        if (fields.containsKey("Id")) {
            throw new SalesforceError(400, "INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call", List.of("Id"));
        }
        checkWritable(type, fields, true);
        Map<String, Object> record = newRecord(type, ctx.userId());
        fields.forEach(record::put);
        derive(type, record);
        check(type, record, fields.keySet(), ctx, null);
        if ("Lead".equals(type.name()) && ctx.autoAssign() && settings.isAssignmentRule()) {
            String router = routerId();
            if (router != null) {
                record.put("OwnerId", router);
            }
        }
        put(type, record);
        return (String) record.get("Id");
    }

    public synchronized void update(SObjectType type, String id, Map<String, Object> fields, WriteContext ctx) {
        Map<String, Object> existing = existing(type, id);
        checkWritable(type, fields, false);
        Map<String, Object> record = new LinkedHashMap<>(existing);
        fields.forEach(record::put);
        derive(type, record);
        record.put("LastModifiedDate", now());
        record.put("SystemModstamp", record.get("LastModifiedDate"));
        record.put("LastModifiedById", ctx.userId());
        check(type, record, fields.keySet(), ctx, id);
        put(type, record);
    }

    public synchronized Upserted upsert(SObjectType type, String externalField, String value, Map<String, Object> fields,
                                        WriteContext ctx) {
        SObjectField key = type.field(externalField);
        if (key == null) {
            throw new SalesforceError(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: "
                    + externalField, null);
        }
        if ("Id".equals(key.name())) {
            if (value == null || value.isEmpty()) {
                Map<String, Object> create = new LinkedHashMap<>(fields);
                create.remove("Id");
                return new Upserted(insert(type, create, ctx), true);
            }
            update(type, normalizeId(value, type), fields, ctx);
            return new Upserted(normalizeId(value, type), false);
        }
        if (!key.externalId()) {
            throw new SalesforceError(400, "INVALID_FIELD", "Field " + key.name() + " is not an External ID or indexed field for "
                    + type.name(), null);
        }
        Object sent = fields.get(key.name());
        if (sent != null && !sent.toString().equalsIgnoreCase(value)) {
            throw new SalesforceError(400, "INVALID_FIELD", "The value of the external ID field in the body and the URL do not match",
                    List.of(key.name()));
        }
        Set<String> matches = lookup(type.name(), key.name(), value);
        if (matches.size() > 1) {
            List<String> urls = matches.stream().map(id -> url(type, ctx.apiVersion(), id)).toList();
            throw new SalesforceError(300, "MULTIPLE_CHOICES", String.join(",", urls), null, Map.of("urls", urls));
        }
        if (matches.isEmpty()) {
            Map<String, Object> create = new LinkedHashMap<>(fields);
            create.put(key.name(), value);
            return new Upserted(insert(type, create, ctx), true);
        }
        String id = matches.iterator().next();
        Map<String, Object> change = new LinkedHashMap<>(fields);
        change.remove(key.name());
        update(type, id, change, ctx);
        return new Upserted(id, false);
    }

    public synchronized void delete(SObjectType type, String id) {
        Map<String, Object> existing = existing(type, id);
        remove(type, existing);
        deleted.add(id);
        if (undo != null) {
            undo.add(() -> deleted.remove(id));
        }
    }

    /** The 18-character id of a record of the type, or MALFORMED_ID. */
    public String normalizeId(String id, SObjectType type) {
        String full = SalesforceIds.normalize(id);
        if (full == null || (type != null && !full.startsWith(type.keyPrefix()))) {
            throw new SalesforceError(400, "MALFORMED_ID", (type == null ? "Record" : type.name()) + " ID: id value of incorrect type: "
                    + id, List.of("Id"));
        }
        return full;
    }

    // ---- all-or-none

    /** Runs the work with an undo log; when it fails, everything it wrote is taken back. */
    public synchronized <T> T atomically(java.util.function.Supplier<T> work) {
        List<Runnable> outer = undo;
        undo = new ArrayList<>();
        try {
            T result = work.get();
            if (outer != null) {
                outer.addAll(undo);
            }
            return result;
        } catch (RuntimeException e) {
            rollback(undo);
            throw e;
        } finally {
            undo = outer;
        }
    }

    /** Starts recording an undo log for a request that may have to take back its writes. */
    public synchronized List<Runnable> begin() {
        undo = new ArrayList<>();
        return undo;
    }

    public synchronized void end() {
        undo = null;
    }

    public synchronized void rollback(List<Runnable> log) {
        for (int i = log.size() - 1; i >= 0; i--) {
            log.get(i).run();
        }
        log.clear();
    }

    // ---- direct access for tests, seeding and state files

    /** Stores a record as given (no API checks), filling in the id and system fields; answers the id. */
    public synchronized String seed(String typeName, Map<String, Object> fields, String ownerId) {
        SObjectType type = type(typeName);
        Map<String, Object> record = newRecord(type, ownerId);
        fields.forEach((name, value) -> {
            SObjectField field = type.field(name);
            record.put(field == null ? name : field.name(), value);
        });
        derive(type, record);
        put(type, record);
        return (String) record.get("Id");
    }

    /** Drops the records of every type but the one kept (the org's Users keep their ids). */
    public synchronized void clearExcept(String keptType) {
        List<Map<String, Object>> kept = List.copyOf(table(keptType).values());
        records.clear();
        index.clear();
        deleted.clear();
        SObjectType type = type(keptType);
        kept.forEach(record -> put(type, record));
    }

    public synchronized Map<String, Object> snapshot() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("nextNumber", nextNumber);
        Map<String, Object> tables = new LinkedHashMap<>();
        records.forEach((type, table) -> tables.put(type, new ArrayList<>(table.values())));
        state.put("records", tables);
        state.put("deleted", new ArrayList<>(deleted));
        return state;
    }

    @SuppressWarnings("unchecked")
    public synchronized void restore(Map<String, Object> state) {
        records.clear();
        index.clear();
        deleted.clear();
        nextNumber = ((Number) state.getOrDefault("nextNumber", 1)).longValue();
        ((Map<String, List<Map<String, Object>>>) state.getOrDefault("records", Map.of())).forEach((typeName, rows) -> {
            SObjectType type = type(typeName);
            rows.forEach(row -> put(type, new LinkedHashMap<>(row)));
        });
        deleted.addAll((List<String>) state.getOrDefault("deleted", List.of()));
    }

    // ---- internals

    private SObjectType type(String name) {
        SObjectType type = schema.type(name);
        if (type == null) {
            throw new IllegalArgumentException("no sObject type " + name);
        }
        return type;
    }

    private Map<String, Map<String, Object>> table(String type) {
        return records.computeIfAbsent(type.toLowerCase(Locale.ROOT), t -> new LinkedHashMap<>());
    }

    private static String indexKey(String type, String field) {
        return (type + "." + field).toLowerCase(Locale.ROOT);
    }

    private Map<String, Object> existing(SObjectType type, String id) {
        String full = normalizeId(id, type);
        Map<String, Object> record = table(type.name()).get(full);
        if (record == null) {
            if (deleted.contains(full)) {
                throw new SalesforceError(404, "ENTITY_IS_DELETED", "entity is deleted", List.of());
            }
            throw SalesforceError.notFound();
        }
        return record;
    }

    private Map<String, Object> newRecord(SObjectType type, String ownerId) {
        Map<String, Object> record = new LinkedHashMap<>();
        String id = SalesforceIds.id(type.keyPrefix(), nextNumber++);
        String now = now();
        record.put("Id", id);
        record.put("IsDeleted", false);
        if (type.field("OwnerId") != null) {
            record.put("OwnerId", ownerId);
        }
        for (SObjectField field : type.fields()) {
            if (field.defaultValue() != null && field.defaultedOnCreate()) {
                record.put(field.name(), "boolean".equals(field.type()) ? Boolean.valueOf(field.defaultValue()) : field.defaultValue());
            }
        }
        if (type.field("IsConverted") != null) {
            record.put("IsConverted", false);
        }
        record.put("CreatedDate", now);
        record.put("CreatedById", ownerId);
        record.put("LastModifiedDate", now);
        record.put("LastModifiedById", ownerId);
        record.put("SystemModstamp", now);
        return record;
    }

    private static void derive(SObjectType type, Map<String, Object> record) {
        if (type.field("FirstName") != null && type.field("Name") != null && !type.field("Name").createable()) {
            String first = (String) record.get("FirstName");
            String last = (String) record.get("LastName");
            record.put("Name", ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim());
        }
    }

    private void put(SObjectType type, Map<String, Object> record) {
        String id = (String) record.get("Id");
        Map<String, Object> before = table(type.name()).get(id);
        if (undo != null) {
            undo.add(() -> {
                Map<String, Object> now = table(type.name()).get(id);
                if (now != null) {
                    unindex(type, now);
                    table(type.name()).remove(id);
                }
                if (before != null) {
                    table(type.name()).put(id, before);
                    index(type, before);
                }
            });
        }
        if (before != null) {
            unindex(type, before);
        }
        table(type.name()).put(id, record);
        index(type, record);
    }

    private void remove(SObjectType type, Map<String, Object> record) {
        String id = (String) record.get("Id");
        unindex(type, record);
        table(type.name()).remove(id);
        if (undo != null) {
            undo.add(() -> {
                table(type.name()).put(id, record);
                index(type, record);
            });
        }
    }

    private void index(SObjectType type, Map<String, Object> record) {
        record.forEach((field, value) -> {
            if (value != null && INDEXED.contains(field.toLowerCase(Locale.ROOT))) {
                index.computeIfAbsent(indexKey(type.name(), field), k -> new HashMap<>())
                        .computeIfAbsent(value.toString().toLowerCase(Locale.ROOT), k -> new LinkedHashSet<>())
                        .add((String) record.get("Id"));
            }
        });
    }

    private void unindex(SObjectType type, Map<String, Object> record) {
        record.forEach((field, value) -> {
            if (value != null && INDEXED.contains(field.toLowerCase(Locale.ROOT))) {
                Map<String, Set<String>> byValue = index.get(indexKey(type.name(), field));
                if (byValue != null) {
                    Set<String> ids = byValue.get(value.toString().toLowerCase(Locale.ROOT));
                    if (ids != null) {
                        ids.remove(record.get("Id"));
                        if (ids.isEmpty()) {
                            byValue.remove(value.toString().toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
        });
    }

    private String routerId() {
        return lookup("User", "Username", "lead.router@contactsync.local").stream().findFirst().orElse(null);
    }

    static String now() {
        return DATETIME.format(OffsetDateTime.now(ZoneOffset.UTC));
    }

    static String url(SObjectType type, String version, String id) {
        return "/services/data/v" + version + "/sobjects/" + type.name() + "/" + id;
    }

    /** The {@code attributes} of a record in an answer: its type and its URL. */
    static Map<String, Object> attributes(SObjectType type, String version, String id) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("type", type.name());
        attributes.put("url", url(type, version, id));
        return attributes;
    }

    private static void checkWritable(SObjectType type, Map<String, Object> fields, boolean create) {
        List<String> refused = fields.keySet().stream().filter(name -> !"Id".equals(name))
                .filter(name -> create ? !type.field(name).createable() : !type.field(name).updateable()).toList();
        if (!refused.isEmpty()) {
            throw new SalesforceError(400, "INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: "
                    + String.join(", ", refused) + ". Please check the security settings of this field and verify that it is "
                    + "read/write for your profile or permission set.", refused);
        }
    }

    /** The per-record checks, in the order Salesforce reports them. */
    private void check(SObjectType type, Map<String, Object> record, Set<String> written, WriteContext ctx, String selfId) {
        for (String name : written) {
            SObjectField field = type.field(name);
            Object value = record.get(field.name());
            if (value == null || (value instanceof String s && s.isEmpty())) {
                continue;
            }
            String text = value.toString();
            if (field.isText() && text.length() > field.length()) {
                throw new SalesforceError(400, "STRING_TOO_LONG", field.label() + ": data value too large: " + text
                        + " (max length=" + field.length() + ")", List.of(field.name()));
            }
            if ("email".equals(field.type()) && !EMAIL.matcher(text).matches()) {
                throw new SalesforceError(400, "INVALID_EMAIL_ADDRESS", field.label() + ": invalid email address: " + text,
                        List.of(field.name()));
            }
            if (field.restrictedPicklist() && !field.picklistValues().contains(text)) {
                throw new SalesforceError(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", field.label()
                        + ": bad value for restricted picklist field: " + text, List.of(field.name()));
            }
            if (("double".equals(field.type()) || "currency".equals(field.type()) || "int".equals(field.type()))
                    && field.precision() > 0) {
                BigDecimal number = new BigDecimal(text);
                if (number.abs().compareTo(BigDecimal.TEN.pow(field.precision() - field.scale())) >= 0) {
                    throw new SalesforceError(400, "NUMBER_OUTSIDE_VALID_RANGE", field.label()
                            + ": value outside of valid range on numeric field: " + text, List.of(field.name()));
                }
            }
            if ("reference".equals(field.type())) {
                checkReference(type, field, text);
            }
        }
        List<String> missing = new ArrayList<>();
        for (SObjectField field : type.fields()) {
            Object value = record.get(field.name());
            if (field.requiredOnCreate() && (value == null || value.toString().isBlank())) {
                missing.add(field.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new SalesforceError(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing, missing);
        }
        for (SObjectField field : type.fields()) {
            Object value = record.get(field.name());
            if (field.unique() && value != null && written.contains(field.name())) {
                Set<String> same = new HashSet<>(lookup(type.name(), field.name(), value.toString()));
                same.remove(record.get("Id"));
                if (!same.isEmpty()) {
                    throw new SalesforceError(400, "DUPLICATE_VALUE", "duplicate value found: " + field.name()
                            + " duplicates value on record with id: " + same.iterator().next(), List.of(field.name()));
                }
            }
        }
        duplicateRule(type, record, ctx, selfId);
    }

    private void checkReference(SObjectType type, SObjectField field, String value) {
        String id = SalesforceIds.normalize(value);
        if (id == null) {
            throw new SalesforceError(400, "MALFORMED_ID", field.label() + ": id value of incorrect type: " + value,
                    List.of(field.name()));
        }
        SObjectType target = schema.byPrefix(id);
        if (target == null || !field.referenceTo().contains(target.name())) {
            throw new SalesforceError(400, "FIELD_INTEGRITY_EXCEPTION", field.label() + ": id value of incorrect type: " + value,
                    List.of(field.name()));
        }
        Map<String, Object> referenced = table(target.name()).get(id);
        if (referenced == null) {
            throw new SalesforceError(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of(field.name()));
        }
        if ("OwnerId".equals(field.name()) && Boolean.FALSE.equals(referenced.get("IsActive"))) {
            throw new SalesforceError(400, "INACTIVE_OWNER_OR_USER", "operation performed with inactive user [" + id
                    + "] as owner of " + type.name(), List.of(field.name()));
        }
    }

    /** The standard duplicate rules: a Lead or Contact whose e-mail an open Lead or a Contact already has. */
    private void duplicateRule(SObjectType type, Map<String, Object> record, WriteContext ctx, String selfId) {
        String mode = settings.getDuplicateRule();
        Object email = record.get("Email");
        if ("off".equalsIgnoreCase(mode) || email == null || email.toString().isBlank()
                || !("Lead".equals(type.name()) || "Contact".equals(type.name()))) {
            return;
        }
        boolean allow = "allow".equalsIgnoreCase(mode);
        if (allow && ctx.allowDuplicateSave()) {
            return;
        }
        List<Map<String, Object>> matchResults = new ArrayList<>();
        for (String entity : List.of("Lead", "Contact")) {
            List<Map<String, Object>> matches = new ArrayList<>();
            for (String id : lookup(entity, "Email", email.toString())) {
                Map<String, Object> other = table(entity).get(id);
                if (id.equals(selfId) || id.equals(record.get("Id")) || Boolean.TRUE.equals(other.get("IsConverted"))) {
                    continue;
                }
                Map<String, Object> match = new LinkedHashMap<>();
                match.put("additionalInformation", List.of());
                match.put("fieldDiffs", List.of());
                match.put("matchConfidence", 100.0);
                Map<String, Object> ref = new LinkedHashMap<>();
                ref.put("attributes", attributes(type(entity), ctx.apiVersion(), id));
                ref.put("Id", id);
                match.put("record", ref);
                matches.add(match);
            }
            if (!matches.isEmpty()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("entityType", entity);
                result.put("errorMessage", null);
                result.put("matchEngine", "ExactMatchEngine");
                result.put("matchRecords", matches);
                result.put("rule", "Standard_" + entity + "_Match_Rule_v1_1");
                result.put("size", matches.size());
                result.put("success", true);
                matchResults.add(result);
            }
        }
        if (matchResults.isEmpty()) {
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("allowSave", allow);
        detail.put("duplicateRule", "Standard_Rule_for_" + type.name() + "s_with_Duplicate_" + type.name() + "s");
        detail.put("duplicateRuleEntityType", type.name());
        detail.put("errorMessage", DUPLICATE_MESSAGE);
        detail.put("matchResults", matchResults);
        throw new SalesforceError(400, "DUPLICATES_DETECTED", DUPLICATE_MESSAGE, List.of(), Map.of("duplicateResut", detail));
    }

    /** A JSON value as the field's type takes it; anything else fails the request like Salesforce's parser. */
    static Object coerce(SObjectField field, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw parserError(field, value);
        }
        String text = value.toString();
        try {
            return switch (field.type()) {
                case "boolean" -> {
                    if (value instanceof Boolean b) {
                        yield b;
                    }
                    if (!"true".equalsIgnoreCase(text) && !"false".equalsIgnoreCase(text)) {
                        throw parserError(field, value);
                    }
                    yield Boolean.valueOf(text);
                }
                case "double", "currency", "percent" -> new BigDecimal(text).doubleValue();
                case "int" -> new BigDecimal(text).intValueExact();
                case "date" -> text.isEmpty() ? null : LocalDate.parse(text).toString();
                case "datetime" -> text.isEmpty() ? null : DATETIME.format(parseDateTime(text));
                default -> text;
            };
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw parserError(field, value);
        }
    }

    static OffsetDateTime parseDateTime(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text, DATETIME);
            } catch (DateTimeParseException again) {
                return Instant.parse(text).atOffset(ZoneOffset.UTC);
            }
        }
    }

    private static SalesforceError parserError(SObjectField field, Object value) {
        String javaType = switch (field.type()) {
            case "boolean" -> "boolean";
            case "double", "currency", "percent" -> "double";
            case "int" -> "int";
            case "date" -> "date";
            case "datetime" -> "datetime";
            default -> "string";
        };
        return new SalesforceError(400, "JSON_PARSER_ERROR", "Cannot deserialize instance of " + javaType + " from "
                + (value instanceof String ? "VALUE_STRING" : value instanceof Map<?, ?> ? "START_OBJECT"
                : value instanceof List<?> ? "START_ARRAY" : "VALUE_NUMBER") + " value " + value
                + " or request may be missing a required field", null);
    }
}
