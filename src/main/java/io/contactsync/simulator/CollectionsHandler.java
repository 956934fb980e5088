package io.contactsync.simulator;

import io.contactsync.simulator.Dispatch.Call;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * sObject Collections, {@code /composite/sobjects}: up to 200 records a call, always HTTP 200 with one
 * result per record in input order; with {@code allOrNone} one failure takes back the others, which
 * report ALL_OR_NONE_OPERATION_ROLLED_BACK. The records of one call are one save.
 */
final class CollectionsHandler {

    private final OrgSchema schema;
    private final RecordWriter writer;
    private final FaultInjector faults;

    CollectionsHandler(OrgSchema schema, RecordWriter writer, FaultInjector faults) {
        this.schema = schema;
        this.writer = writer;
        this.faults = faults;
    }

    SimResponse retrieve(Call call) {
        SimRequest request = call.request();
        SObjectType type = Bodies.type(schema, call.param(0));
        boolean post = "POST".equals(request.method());
        Map<String, Object> body = post ? Json.object(request) : Map.of();
        List<String> ids = post ? Json.strings(body.get("ids")) : split(request.query().get("ids"));
        String fields = post ? String.join(",", Json.strings(body.get("fields"))) : request.query().get("fields");
        if (fields == null || fields.isBlank()) {
            throw new SalesforceError(400, "REQUIRED_FIELD_MISSING", "The fields parameter is required.", List.of());
        }
        List<Object> records = new ArrayList<>();
        for (String id : ids) {
            Map<String, Object> record = writer.store().get(SalesforceIds.require(id, type));
            records.add(record == null ? null : Bodies.record(type, record, fields, request.version()));
        }
        return SimResponse.json(200, records).withRecords(ids.size());
    }

    SimResponse create(Call call) {
        Batch batch = batch(call, null);
        return batch.answer(i -> Bodies.result(writer.insert(batch.types.get(i), batch.parsed.get(i), batch.ctx), null));
    }

    SimResponse update(Call call) {
        Batch batch = batch(call, null);
        return batch.answer(i -> {
            Map<String, Object> fields = new LinkedHashMap<>(batch.parsed.get(i));
            Object id = fields.remove("Id");
            if (id == null) {
                throw new SalesforceError(400, "MISSING_ARGUMENT", "Id not specified in an update call", List.of());
            }
            String full = SalesforceIds.require(id.toString(), batch.types.get(i));
            writer.update(batch.types.get(i), full, fields, batch.ctx);
            return Bodies.result(full, null);
        });
    }

    SimResponse upsert(Call call) {
        SObjectType upsertType = Bodies.type(schema, call.param(0));
        String field = call.param(1);
        Batch batch = batch(call, upsertType);
        return batch.answer(i -> {
            Map<String, Object> fields = new LinkedHashMap<>(batch.parsed.get(i));
            SObjectField key = upsertType.field(field);
            Object value = key == null ? null : fields.get(key.name());
            if (value == null) {
                throw new SalesforceError(400, "MISSING_ARGUMENT", field + " not specified", List.of());
            }
            RecordWriter.Upserted upserted = writer.upsert(batch.types.get(i), field, value.toString(), fields, batch.ctx);
            return Bodies.result(upserted.id(), upserted.created());
        });
    }

    SimResponse delete(Call call) {
        SimRequest request = call.request();
        List<String> ids = split(request.query().get("ids"));
        checkSize(ids.size());
        boolean allOrNone = Boolean.parseBoolean(request.query().getOrDefault("allOrNone", "false"));
        WriteContext ctx = WriteContext.of(request, call.session().userId());
        List<Map<String, Object>> results = writeEach(ids.size(), allOrNone, i -> {
            String id = ids.get(i);
            SObjectType type = schema.byPrefix(id);
            if (type == null) {
                throw new SalesforceError(400, "MALFORMED_ID", "malformed id " + id, List.of());
            }
            String full = SalesforceIds.require(id, type);
            writer.delete(type, full, ctx);
            return Bodies.result(full, null);
        });
        return SimResponse.json(200, results).withRecords(ids.size());
    }

    /** The records of a create, update or upsert body, read and typed before any is written. */
    private final class Batch {
        final WriteContext ctx;
        final boolean allOrNone;
        final List<SObjectType> types = new ArrayList<>();
        final List<Map<String, Object>> parsed = new ArrayList<>();

        Batch(Call call, SObjectType fallback) {
            Map<String, Object> body = Json.object(call.request());
            ctx = WriteContext.of(call.request(), call.session().userId());
            allOrNone = Boolean.TRUE.equals(body.get("allOrNone"));
            List<Map<String, Object>> records = Json.records(body.get("records"));
            checkSize(records.size());
            for (Map<String, Object> record : records) {
                SObjectType type = recordType(record, fallback);
                types.add(type);
                parsed.add(FieldRules.parse(type, record));
            }
        }

        SimResponse answer(IntFunction<Map<String, Object>> write) {
            return SimResponse.json(200, writeEach(parsed.size(), allOrNone, write)).withRecords(parsed.size());
        }
    }

    private Batch batch(Call call, SObjectType fallback) {
        return new Batch(call, fallback);
    }

    /**
     * Writes each record, one result per record in input order; with allOrNone one failure takes
     * back all writes and the others report ALL_OR_NONE_OPERATION_ROLLED_BACK.
     */
    private List<Map<String, Object>> writeEach(int size, boolean allOrNone, IntFunction<Map<String, Object>> write) {
        OrgStore store = writer.store();
        synchronized (store) {
            List<Runnable> undo = store.begin();
            try {
                List<Map<String, Object>> results = new ArrayList<>();
                boolean failed = false;
                for (int i = 0; i < size; i++) {
                    try {
                        faults.beforeRecord(i);
                        int index = i;
                        results.add(store.atomically(() -> write.apply(index)));
                    } catch (SalesforceError e) {
                        failed = true;
                        results.add(Bodies.failure(e));
                    }
                }
                if (allOrNone && failed) {
                    store.rollback(undo);
                    SalesforceError rolledBack = new SalesforceError(400, "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                            "Record rolled back because not all records were valid and the request was using AllOrNone header",
                            List.of());
                    results.replaceAll(r -> Boolean.TRUE.equals(r.get("success")) ? Bodies.failure(rolledBack) : r);
                }
                return results;
            } finally {
                store.end();
            }
        }
    }

    private static void checkSize(int size) {
        if (size > OrgInfoHandler.COLLECTION_LIMIT) {
            throw new SalesforceError(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than "
                    + OrgInfoHandler.COLLECTION_LIMIT + " records into this call", List.of());
        }
    }

    private static List<String> split(String ids) {
        if (ids == null || ids.isBlank()) {
            throw new SalesforceError(400, "REQUIRED_FIELD_MISSING", "At least 1 Id is required.", null);
        }
        return List.of(ids.split(","));
    }

    private SObjectType recordType(Map<String, Object> record, SObjectType fallback) {
        Object attributes = record.get("attributes");
        Object name = attributes instanceof Map<?, ?> a ? a.get("type") : null;
        if (name == null) {
            if (fallback != null) {
                return fallback;
            }
            throw new SalesforceError(400, "INVALID_TYPE", "Must send a concrete entity type.", List.of());
        }
        return Bodies.type(schema, name.toString());
    }
}
