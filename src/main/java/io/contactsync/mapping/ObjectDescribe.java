package io.contactsync.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the org's describe says about one sObject: its fields, looked up case-insensitively. */
public record ObjectDescribe(String name, Map<String, Field> fieldsByName) {

    /** One field as describe reports it; only what a mapping check needs. */
    public record Field(String name, String type, int length, int precision, int scale, int digits, boolean createable,
                        boolean updateable, boolean nillable, boolean defaultedOnCreate, boolean restrictedPicklist,
                        List<String> picklistValues) {

        /** Salesforce refuses a create without it. */
        public boolean requiredOnCreate() {
            return createable && !nillable && !defaultedOnCreate && !"boolean".equals(type);
        }

        public boolean isText() {
            return switch (type) {
                case "string", "textarea", "email", "phone", "url", "picklist", "multipicklist", "combobox",
                        "encryptedstring", "reference", "id" -> true;
                default -> false;
            };
        }

        public boolean isNumber() {
            return switch (type) {
                case "double", "currency", "percent", "int", "long" -> true;
                default -> false;
            };
        }
    }

    /** Reads the JSON of {@code GET /sobjects/{type}/describe}. */
    public static ObjectDescribe of(JsonNode describe) {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (JsonNode f : describe.path("fields")) {
            List<String> values = new ArrayList<>();
            f.path("picklistValues").forEach(v -> {
                if (v.path("active").asBoolean(true)) {
                    values.add(v.path("value").asText());
                }
            });
            Field field = new Field(f.path("name").asText(), f.path("type").asText(), f.path("length").asInt(),
                    f.path("precision").asInt(), f.path("scale").asInt(), f.path("digits").asInt(),
                    f.path("createable").asBoolean(), f.path("updateable").asBoolean(), f.path("nillable").asBoolean(),
                    f.path("defaultedOnCreate").asBoolean(), f.path("restrictedPicklist").asBoolean(), List.copyOf(values));
            fields.put(field.name().toLowerCase(Locale.ROOT), field);
        }
        return new ObjectDescribe(describe.path("name").asText(), Map.copyOf(fields));
    }

    public Field field(String fieldName) {
        return fieldName == null ? null : fieldsByName.get(fieldName.toLowerCase(Locale.ROOT));
    }

    public Collection<Field> fields() {
        return fieldsByName.values();
    }
}
