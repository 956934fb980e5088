package io.contactsync.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A merge as a user makes it in Salesforce: a master record and one or two losers of the same type
 * (Lead, Contact, Account). The field values given replace the master's, and the master is saved
 * (LastModified* now). The related records of the losers move to the master (Tasks by WhoId or
 * WhatId, an Account's Contacts), then the losers go to the recycle bin with {@code MasterRecordId}
 * set: queryAll shows them with IsDeleted = true, {@code /sobjects/{type}/deleted/} lists them.
 * All or none.
 */
final class RecordMerge {

    static final Set<String> TYPES = Set.of("Lead", "Contact", "Account");

    /** What a merge did, as Salesforce's MergeResult. */
    record Result(String id, List<String> mergedRecordIds, List<String> updatedRelatedIds) { }

    private final RecordWriter writer;

    RecordMerge(RecordWriter writer) {
        this.writer = writer;
    }

    /** {@code type}, {@code masterId}, {@code loserIds} (1 or 2) and optional {@code fields} for the master. */
    Result merge(Map<String, Object> request, WriteContext ctx) {
        OrgStore store = writer.store();
        SObjectType type = Bodies.type(store.schema(), String.valueOf(request.get("type")));
        if (!TYPES.contains(type.name())) {
            throw new SalesforceError(400, "INVALID_TYPE_FOR_OPERATION", "merge is not supported for " + type.name(), null);
        }
        String masterId = SalesforceIds.require(text(request.get("masterId"), "masterId"), type);
        List<String> losers = new ArrayList<>();
        for (String loser : Json.strings(request.get("loserIds"))) {
            losers.add(SalesforceIds.require(loser, type));
        }
        if (losers.isEmpty() || losers.size() > 2) {
            throw new SalesforceError(400, "INVALID_BATCH_SIZE", "a merge takes one or two records to merge into the master", null);
        }
        if (losers.contains(masterId) || losers.stream().distinct().count() < losers.size()) {
            throw new SalesforceError(400, "INVALID_ID_FIELD", "the master and the records merged into it must differ", null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = request.get("fields") instanceof Map<?, ?> given
                ? FieldRules.parse(type, (Map<String, Object>) given) : Map.of();
        synchronized (store) {
            for (String id : losers) {
                live(store, id);
            }
            if (type.field("IsConverted") != null) {
                for (String id : losers) {
                    if (Boolean.TRUE.equals(live(store, id).get("IsConverted"))) {
                        throw new SalesforceError(400, "CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead", null);
                    }
                }
            }
            return store.atomically(() -> {
                writer.update(type, masterId, fields, ctx);
                List<String> related = new ArrayList<>();
                for (String loser : losers) {
                    related.addAll(reparent(store, loser, masterId, ctx.userId()));
                    Map<String, Object> record = new LinkedHashMap<>(live(store, loser));
                    record.put("MasterRecordId", masterId);
                    store.put(type, record);
                    store.recycle(type, loser, ctx.userId());
                }
                return new Result(masterId, List.copyOf(losers), related);
            });
        }
    }

    /** Points the loser's Tasks (and an Account's Contacts) at the master; answers their ids. */
    static List<String> reparent(OrgStore store, String from, String to, String userId) {
        List<String> moved = new ArrayList<>();
        moved.addAll(repoint(store, "Task", "WhoId", from, to, userId));
        moved.addAll(repoint(store, "Task", "WhatId", from, to, userId));
        moved.addAll(repoint(store, "Contact", "AccountId", from, to, userId));
        return moved;
    }

    static List<String> repoint(OrgStore store, String typeName, String field, String from, String to, String userId) {
        SObjectType type = store.schema().type(typeName);
        List<String> moved = new ArrayList<>();
        for (Map<String, Object> row : store.all(typeName)) {
            if (from.equals(row.get(field))) {
                Map<String, Object> record = new LinkedHashMap<>(row);
                record.put(field, to);
                touch(record, userId);
                store.put(type, record);
                moved.add((String) record.get("Id"));
            }
        }
        return moved;
    }

    static void touch(Map<String, Object> record, String userId) {
        String now = OrgStore.now();
        record.put("LastModifiedDate", now);
        record.put("LastModifiedById", userId);
        record.put("SystemModstamp", now);
    }

    static Map<String, Object> live(OrgStore store, String id) {
        Map<String, Object> record = store.get(id);
        if (record == null) {
            if (store.isDeleted(id)) {
                throw new SalesforceError(404, "ENTITY_IS_DELETED", "entity is deleted", List.of());
            }
            throw SalesforceError.notFound();
        }
        return record;
    }

    static String text(Object value, String name) {
        if (value == null || value.toString().isBlank()) {
            throw new SalesforceError(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [" + name + "]", List.of(name));
        }
        return value.toString();
    }
}
