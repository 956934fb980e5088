package io.contactsync.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Saves as the API and the UI make them: insert, update, upsert and delete of one record, each
 * through the org's rules (field checks, assignment rule, duplicate rule) before it reaches the store,
 * with the system fields (CreatedDate, LastModifiedDate, SystemModstamp, CreatedById,
 * LastModifiedById) set for the user who saves.
 */
final class RecordWriter {

    record Upserted(String id, boolean created) { }

    private final OrgStore store;
    private final FieldRules fields;
    private final DuplicateRule duplicates;
    private final AssignmentRule assignment;
    private final ActivityRules activities;

    RecordWriter(OrgStore store, SimulatorSettings settings) {
        this.store = store;
        this.fields = new FieldRules(store);
        this.duplicates = new DuplicateRule(store, settings);
        this.assignment = new AssignmentRule(store, settings);
        this.activities = new ActivityRules(store);
    }

    OrgStore store() {
        return store;
    }

    String insert(SObjectType type, Map<String, Object> values, WriteContext ctx) {
        synchronized (store) {
            if (!type.createable()) {
                throw new SalesforceError(400, "INVALID_TYPE_FOR_OPERATION", "entity type " + type.name()
                        + " does not support insert", null);
            }
            if (values.containsKey("Id")) {
                throw new SalesforceError(400, "INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call",
                        List.of("Id"));
            }
            FieldRules.checkWritable(type, values, true);
            Map<String, Object> record = store.newRecord(type, ctx.userId());
            record.putAll(values);
            derive(type, record);
            activities.check(type, record, values.keySet());
            fields.check(type, record, values.keySet());
            duplicates.check(type, record, ctx, true);
            assignment.apply(type, record, ctx);
            store.put(type, record);
            activities.saved(type, null, record);
            String id = (String) record.get("Id");
            ctx.saved().add(id);
            return id;
        }
    }

    void update(SObjectType type, String id, Map<String, Object> values, WriteContext ctx) {
        synchronized (store) {
            Map<String, Object> existing = existing(type, id);
            FieldRules.checkWritable(type, values, false);
            Map<String, Object> record = new LinkedHashMap<>(existing);
            record.putAll(values);
            derive(type, record);
            String now = OrgStore.now();
            record.put("LastModifiedDate", now);
            record.put("SystemModstamp", now);
            record.put("LastModifiedById", ctx.userId());
            activities.check(type, record, values.keySet());
            fields.check(type, record, values.keySet());
            duplicates.check(type, record, ctx, false);
            store.put(type, record);
            activities.saved(type, existing, record);
            ctx.saved().add((String) record.get("Id"));
        }
    }

    Upserted upsert(SObjectType type, String externalField, String value, Map<String, Object> values, WriteContext ctx) {
        synchronized (store) {
            SObjectField key = type.field(externalField);
            if (key == null) {
                throw new SalesforceError(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: "
                        + externalField, null);
            }
            if ("Id".equals(key.name())) {
                if (value == null || value.isEmpty()) {
                    Map<String, Object> create = new LinkedHashMap<>(values);
                    create.remove("Id");
                    return new Upserted(insert(type, create, ctx), true);
                }
                String id = SalesforceIds.require(value, type);
                update(type, id, values, ctx);
                return new Upserted(id, false);
            }
            if (!key.idLookup()) {
                throw new SalesforceError(400, "INVALID_FIELD", "Field " + key.name() + " is not an External ID or indexed field for "
                        + type.name(), null);
            }
            Object sent = values.get(key.name());
            if (sent != null && !sent.toString().equalsIgnoreCase(value)) {
                throw new SalesforceError(400, "INVALID_FIELD", "The value of the external ID field in the body and the URL do not match",
                        List.of(key.name()));
            }
            Set<String> matches = store.lookup(type.name(), key.name(), value);
            if (matches.size() > 1) {
                List<String> urls = matches.stream().map(id -> OrgStore.url(type, ctx.apiVersion(), id)).toList();
                throw new SalesforceError(300, "MULTIPLE_CHOICES", String.join(",", urls), null, Map.of("urls", urls));
            }
            if (matches.isEmpty()) {
                Map<String, Object> create = new LinkedHashMap<>(values);
                create.put(key.name(), value);
                return new Upserted(insert(type, create, ctx), true);
            }
            String id = matches.iterator().next();
            Map<String, Object> change = new LinkedHashMap<>(values);
            change.remove(key.name());
            update(type, id, change, ctx);
            return new Upserted(id, false);
        }
    }

    void delete(SObjectType type, String id, WriteContext ctx) {
        synchronized (store) {
            Map<String, Object> existing = existing(type, id);
            store.recycle(type, (String) existing.get("Id"), ctx.userId());
            activities.saved(type, existing, null);
        }
    }

    private Map<String, Object> existing(SObjectType type, String id) {
        String full = SalesforceIds.require(id, type);
        Map<String, Object> record = store.get(full);
        if (record == null) {
            if (store.isDeleted(full)) {
                throw new SalesforceError(404, "ENTITY_IS_DELETED", "entity is deleted", List.of());
            }
            throw SalesforceError.notFound();
        }
        return record;
    }

    /** Fields Salesforce computes: a person's Name from FirstName and LastName. */
    static void derive(SObjectType type, Map<String, Object> record) {
        if (type.field("FirstName") != null && type.field("Name") != null && !type.field("Name").createable()) {
            String first = (String) record.get("FirstName");
            String last = (String) record.get("LastName");
            record.put("Name", ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim());
        }
    }
}
