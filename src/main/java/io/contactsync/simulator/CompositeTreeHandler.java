package io.contactsync.simulator;

import io.contactsync.simulator.Dispatch.Call;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /composite/tree/{type}}: records of one type with their children nested under a child
 * relationship ({@code "Contacts": {"records": [...]}}), each with a {@code referenceId}; up to 200
 * records in all and five levels. All or nothing: 201 with {@code {hasErrors:false, results:[{referenceId,
 * id}]}} for every record, or 400 with {@code {hasErrors:true, results:[{referenceId, errors}]}} for the
 * records that failed and nothing saved. The records of one request are one save.
 */
final class CompositeTreeHandler {

    static final int LIMIT = 200;
    static final int DEPTH = 5;

    private final OrgSchema schema;
    private final RecordWriter writer;

    CompositeTreeHandler(OrgSchema schema, RecordWriter writer) {
        this.schema = schema;
        this.writer = writer;
    }

    SimResponse tree(Call call) {
        SObjectType type = Bodies.type(schema, call.param(0));
        List<Map<String, Object>> records = Json.records(Json.object(call.request()).get("records"));
        int count = count(records, 1);
        if (count > LIMIT) {
            throw new SalesforceError(400, "INVALID_BATCH_REQUEST", "The number of records in the tree exceeds " + LIMIT
                    + ": " + count, null);
        }
        WriteContext ctx = WriteContext.of(call.request(), call.session().userId());
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> failures = new ArrayList<>();
        OrgStore store = writer.store();
        synchronized (store) {
            List<Runnable> undo = store.begin();
            try {
                save(type, records, null, null, ctx, results, failures, new HashSet<>());
                if (!failures.isEmpty()) {
                    store.rollback(undo);
                }
            } finally {
                store.end();
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("hasErrors", !failures.isEmpty());
        answer.put("results", failures.isEmpty() ? results : failures);
        return SimResponse.json(failures.isEmpty() ? 201 : 400, answer).withRecords(count);
    }

    @SuppressWarnings("unchecked")
    private void save(SObjectType type, List<Map<String, Object>> records, String parentField, String parentId, WriteContext ctx,
                      List<Map<String, Object>> results, List<Map<String, Object>> failures, Set<String> referenceIds) {
        for (Map<String, Object> record : records) {
            Map<String, Object> attributes = record.get("attributes") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of();
            String referenceId = attributes.get("referenceId") == null ? null : attributes.get("referenceId").toString();
            Map<String, Object> fields = new LinkedHashMap<>();
            Map<String, List<Map<String, Object>>> children = new LinkedHashMap<>();
            record.forEach((name, value) -> {
                if (type.child(name) != null && value instanceof Map<?, ?> nested) {
                    children.put(name, Json.records(nested.get("records")));
                } else if (!"attributes".equals(name)) {
                    fields.put(name, value);
                }
            });
            String id = null;
            try {
                if (referenceId == null || referenceId.isBlank() || !referenceIds.add(referenceId)) {
                    throw new SalesforceError(400, "INVALID_INPUT", referenceId == null || referenceId.isBlank()
                            ? "Include a reference ID for each record in the request." : "Duplicate ReferenceId provided in the "
                            + "request: " + referenceId, List.of());
                }
                if (attributes.get("type") != null && !type.name().equalsIgnoreCase(attributes.get("type").toString())) {
                    throw new SalesforceError(400, "INVALID_TYPE", "The type " + attributes.get("type") + " does not match "
                            + type.name(), List.of());
                }
                Map<String, Object> parsed = FieldRules.parse(type, fields);
                if (parentField != null) {
                    parsed.put(parentField, parentId);
                }
                id = writer.store().atomically(() -> writer.insert(type, parsed, ctx));
                results.add(Map.of("referenceId", referenceId, "id", id));
            } catch (SalesforceError e) {
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("referenceId", referenceId);
                failure.put("errors", List.of(e.asCollectionError()));
                failures.add(failure);
            }
            for (Map.Entry<String, List<Map<String, Object>>> child : children.entrySet()) {
                SObjectType.Child relationship = type.child(child.getKey());
                save(schema.type(relationship.childType()), child.getValue(), relationship.field(), id, ctx, results, failures,
                        referenceIds);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private int count(List<Map<String, Object>> records, int depth) {
        if (depth > DEPTH) {
            throw new SalesforceError(400, "INVALID_BATCH_REQUEST", "The tree is deeper than " + DEPTH + " levels", null);
        }
        int count = records.size();
        for (Map<String, Object> record : records) {
            for (Object value : record.values()) {
                if (value instanceof Map<?, ?> nested && nested.get("records") != null) {
                    count += count(Json.records(nested.get("records")), depth + 1);
                }
            }
        }
        return count;
    }
}
