package io.contactsync.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One field of an sObject as describe reports it. */
public record SObjectField(String name, String label, String type, int length, int precision, int scale,
                           boolean createable, boolean updateable, boolean nillable, boolean defaultedOnCreate,
                           boolean custom, boolean externalId, boolean unique, List<String> picklistValues,
                           boolean restrictedPicklist, String defaultValue, List<String> referenceTo,
                           String relationshipName) {

    /** Text-like types whose length describe reports and writes are checked against. */
    public boolean isText() {
        return switch (type) {
            case "string", "textarea", "email", "phone", "url", "picklist", "combobox" -> true;
            default -> false;
        };
    }

    /** Whether the field identifies a record in an upsert: Id, external ids, and the standard Email and Username. */
    public boolean idLookup() {
        return "Id".equals(name) || externalId || "Email".equals(name) || "Username".equals(name);
    }

    /** Required on create: not nillable, not defaulted, and the caller can set it. */
    public boolean requiredOnCreate() {
        return createable && !nillable && !defaultedOnCreate && !"boolean".equals(type);
    }

    public String soapType() {
        return switch (type) {
            case "id", "reference" -> "tns:ID";
            case "boolean" -> "xsd:boolean";
            case "datetime" -> "xsd:dateTime";
            case "date" -> "xsd:date";
            case "double", "currency", "percent" -> "xsd:double";
            case "int" -> "xsd:int";
            default -> "xsd:string";
        };
    }

    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("aggregatable", !"textarea".equals(type) || length <= 255);
        d.put("autoNumber", false);
        d.put("byteLength", isText() || "id".equals(type) || "reference".equals(type) ? length * 3 : 0);
        d.put("calculated", "Name".equals(name) && !createable);
        d.put("caseSensitive", false);
        d.put("createable", createable);
        d.put("custom", custom);
        d.put("defaultValue", defaultValue);
        d.put("defaultedOnCreate", defaultedOnCreate);
        d.put("digits", "int".equals(type) ? precision : 0);
        d.put("externalId", externalId);
        d.put("filterable", !"textarea".equals(type) || length <= 255);
        d.put("groupable", !"textarea".equals(type) && !"double".equals(type));
        d.put("idLookup", idLookup());
        d.put("label", label);
        d.put("length", length);
        d.put("name", name);
        d.put("nameField", "Name".equals(name));
        d.put("nillable", nillable);
        List<Map<String, Object>> values = new ArrayList<>();
        for (String value : picklistValues) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("active", true);
            entry.put("defaultValue", value.equals(defaultValue));
            entry.put("label", value);
            entry.put("validFor", null);
            entry.put("value", value);
            values.add(entry);
        }
        d.put("picklistValues", values);
        d.put("precision", "double".equals(type) || "currency".equals(type) ? precision : 0);
        d.put("referenceTo", referenceTo);
        d.put("relationshipName", relationshipName);
        d.put("restrictedPicklist", restrictedPicklist);
        d.put("scale", "double".equals(type) || "currency".equals(type) ? scale : 0);
        d.put("soapType", soapType());
        d.put("sortable", !"textarea".equals(type) || length <= 255);
        d.put("type", type);
        d.put("unique", unique);
        d.put("updateable", updateable);
        return d;
    }
}
