package io.contactsync.simulator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The records of the simulated org, by type: the live ones with an index on the fields looked up by
 * value, and the deleted ones in the recycle bin ({@code IsDeleted = true}) for queryAll and
 * getDeleted. It checks nothing: {@link RecordWriter} runs the org's rules before it stores. Callers
 * hold the store's monitor for a whole request, so an all-or-none request can be rolled back through
 * its undo log.
 */
public final class OrgStore {

    static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    /** Fields looked up by value: the duplicate rule's Email, unique external ids, login names. */
    /** Fields looked up by value: the external ids of the schema, and what the rules and SOQL filters match on. */
    private static final Set<String> INDEXED = Set.of("email", "contactsyncid__c", "activitysyncid__c", "username", "name");

    private final OrgSchema schema;
    private final Map<String, Map<String, Map<String, Object>>> records = new HashMap<>();
    private final Map<String, Map<String, Map<String, Object>>> recycleBin = new HashMap<>();
    private final Map<String, Map<String, Set<String>>> index = new HashMap<>();
    private long nextNumber = 1;
    private List<Runnable> undo;

    public OrgStore(OrgSchema schema) {
        this.schema = schema;
    }

    public OrgSchema schema() { return schema; }

    // ---- reading

    public synchronized List<Map<String, Object>> all(String type) {
        return List.copyOf(table(type).values());
    }

    /** The live and the deleted records of a type, in the order they were created. */
    public synchronized List<Map<String, Object>> allWithDeleted(String type) {
        List<Map<String, Object>> rows = new ArrayList<>(table(type).values());
        rows.addAll(bin(type).values());
        rows.sort(Comparator.comparing(r -> (String) r.get("Id")));
        return rows;
    }

    /** The deleted records of a type, as the recycle bin holds them. */
    public synchronized List<Map<String, Object>> deleted(String type) {
        return List.copyOf(bin(type).values());
    }

    public synchronized Map<String, Object> get(String id) {
        SObjectType type = schema.byPrefix(id);
        return type == null ? null : table(type.name()).get(id);
    }

    public synchronized boolean isDeleted(String id) {
        SObjectType type = schema.byPrefix(id);
        return type != null && bin(type.name()).containsKey(id);
    }

    /** Ids of the live records of a type whose indexed field equals the value, ignoring case. */
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
        TreeSet<String> ids = new TreeSet<>();
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

    // ---- writing

    /** A new record of the type with its id and system fields, created and last changed now by the user. */
    synchronized Map<String, Object> newRecord(SObjectType type, String userId) {
        Map<String, Object> record = new LinkedHashMap<>();
        String now = now();
        record.put("Id", SalesforceIds.id(type.keyPrefix(), nextNumber++));
        record.put("IsDeleted", false);
        if (type.field("OwnerId") != null) {
            record.put("OwnerId", userId);
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
        record.put("CreatedById", userId);
        record.put("LastModifiedDate", now);
        record.put("LastModifiedById", userId);
        record.put("SystemModstamp", now);
        return record;
    }

    /** Stores the record under its id, replacing the one there. */
    synchronized void put(SObjectType type, Map<String, Object> record) {
        String id = (String) record.get("Id");
        Map<String, Object> before = table(type.name()).get(id);
        log(() -> {
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
        if (before != null) {
            unindex(type, before);
        }
        table(type.name()).put(id, record);
        index(type, record);
    }

    /** Moves a live record to the recycle bin, deleted now by the user. */
    synchronized void recycle(SObjectType type, String id, String userId) {
        Map<String, Object> live = table(type.name()).remove(id);
        unindex(type, live);
        Map<String, Object> tombstone = new LinkedHashMap<>(live);
        String now = now();
        tombstone.put("IsDeleted", true);
        tombstone.put("LastModifiedDate", now);
        tombstone.put("LastModifiedById", userId);
        tombstone.put("SystemModstamp", now);
        bin(type.name()).put(id, tombstone);
        log(() -> {
            bin(type.name()).remove(id);
            table(type.name()).put(id, live);
            index(type, live);
        });
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
    public synchronized String seed(String typeName, Map<String, Object> fields, String userId) {
        SObjectType type = type(typeName);
        Map<String, Object> record = newRecord(type, userId);
        fields.forEach((name, value) -> {
            SObjectField field = type.field(name);
            record.put(field == null ? name : field.name(), value);
        });
        RecordWriter.derive(type, record);
        put(type, record);
        return (String) record.get("Id");
    }

    /** Drops the records of every type but the ones kept (the org's Users and queues keep their ids). */
    public synchronized void clearExcept(String... keptTypes) {
        Map<String, List<Map<String, Object>>> kept = new LinkedHashMap<>();
        for (String keptType : keptTypes) {
            kept.put(keptType, List.copyOf(table(keptType).values()));
        }
        records.clear();
        recycleBin.clear();
        index.clear();
        kept.forEach((keptType, rows) -> rows.forEach(record -> put(type(keptType), record)));
    }

    public synchronized Map<String, Object> snapshot() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("nextNumber", nextNumber);
        Map<String, Object> tables = new LinkedHashMap<>();
        records.forEach((type, table) -> tables.put(type, new ArrayList<>(table.values())));
        state.put("records", tables);
        Map<String, Object> bins = new LinkedHashMap<>();
        recycleBin.forEach((type, bin) -> bins.put(type, new ArrayList<>(bin.values())));
        state.put("recycleBin", bins);
        return state;
    }

    @SuppressWarnings("unchecked")
    public synchronized void restore(Map<String, Object> state) {
        records.clear();
        recycleBin.clear();
        index.clear();
        nextNumber = ((Number) state.getOrDefault("nextNumber", 1)).longValue();
        ((Map<String, List<Map<String, Object>>>) state.getOrDefault("records", Map.of())).forEach((typeName, rows) -> {
            SObjectType type = type(typeName);
            rows.forEach(row -> put(type, new LinkedHashMap<>(row)));
        });
        ((Map<String, List<Map<String, Object>>>) state.getOrDefault("recycleBin", Map.of())).forEach((typeName, rows) ->
                rows.forEach(row -> bin(type(typeName).name()).put((String) row.get("Id"), new LinkedHashMap<>(row))));
        // state files written before the recycle bin kept only the deleted ids
        for (String id : (List<String>) state.getOrDefault("deleted", List.of())) {
            SObjectType type = schema.byPrefix(id);
            if (type != null) {
                bin(type.name()).putIfAbsent(id, new LinkedHashMap<>(Map.of("Id", id, "IsDeleted", true)));
            }
        }
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

    private Map<String, Map<String, Object>> bin(String type) {
        return recycleBin.computeIfAbsent(type.toLowerCase(Locale.ROOT), t -> new LinkedHashMap<>());
    }

    private void log(Runnable undoStep) {
        if (undo != null) {
            undo.add(undoStep);
        }
    }

    private static String indexKey(String type, String field) {
        return (type + "." + field).toLowerCase(Locale.ROOT);
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
                Set<String> ids = byValue == null ? null : byValue.get(value.toString().toLowerCase(Locale.ROOT));
                if (ids != null) {
                    ids.remove(record.get("Id"));
                    if (ids.isEmpty()) {
                        byValue.remove(value.toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        });
    }

    static String now() {
        return DATETIME.format(OffsetDateTime.now(ZoneOffset.UTC));
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
}
