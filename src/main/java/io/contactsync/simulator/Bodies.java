package io.contactsync.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parts of answers more than one resource gives: save results, records with chosen fields, the common errors. */
final class Bodies {

    private Bodies() { }

    static Map<String, Object> result(String id, Boolean created) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", id);
        result.put("success", true);
        result.put("errors", List.of());
        if (created != null) {
            result.put("created", created);
        }
        return result;
    }

    static Map<String, Object> failure(SalesforceError e) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("success", false);
        result.put("errors", List.of(e.asCollectionError()));
        return result;
    }

    /** A record with its attributes and the fields asked for (all fields when none are). */
    static Map<String, Object> record(SObjectType type, Map<String, Object> record, String fields, String version) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attributes", OrgStore.attributes(type, version, (String) record.get("Id")));
        if (fields == null || fields.isBlank()) {
            type.fields().forEach(f -> out.put(f.name(), record.get(f.name())));
            return out;
        }
        for (String name : fields.split(",")) {
            SObjectField field = type.field(name.trim());
            if (field == null) {
                throw new SalesforceError(400, "INVALID_FIELD", "No such column '" + name.trim() + "' on sobject of type "
                        + type.name(), null);
            }
            out.put(field.name(), record.get(field.name()));
        }
        return out;
    }

    /** The sObject type named in a URL, or the 404 Salesforce gives for an unknown one. */
    static SObjectType type(OrgSchema schema, String name) {
        SObjectType type = schema.type(name);
        if (type == null) {
            throw SalesforceError.notFound();
        }
        return type;
    }

    static SalesforceError methodNotAllowed(String method, String allowed) {
        return new SalesforceError(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed. Allowed are " + allowed,
                null);
    }
}
