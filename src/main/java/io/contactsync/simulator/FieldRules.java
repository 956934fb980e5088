package io.contactsync.simulator;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks Salesforce makes on the fields of every write, in the order it reports them: JSON
 * types, names, writability, lengths, restricted picklists, e-mail format, number ranges,
 * references, required fields and unique external ids.
 */
final class FieldRules {

    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");

    private final OrgStore store;

    FieldRules(OrgStore store) {
        this.store = store;
    }

    /**
     * Reads a record's JSON fields as Salesforce deserialises them: an unknown field or a value of
     * the wrong JSON type fails the whole request, before any record is written; "" is stored as null.
     */
    static Map<String, Object> parse(SObjectType type, Map<String, Object> json) {
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

    static void checkWritable(SObjectType type, Map<String, Object> fields, boolean create) {
        List<String> refused = fields.keySet().stream().filter(name -> !"Id".equals(name))
                .filter(name -> create ? !type.field(name).createable() : !type.field(name).updateable()).toList();
        if (!refused.isEmpty()) {
            throw new SalesforceError(400, "INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: "
                    + String.join(", ", refused) + ". Please check the security settings of this field and verify that it is "
                    + "read/write for your profile or permission set.", refused);
        }
    }

    /** The per-record checks of the fields written, then required fields and unique values over the whole record. */
    void check(SObjectType type, Map<String, Object> record, Set<String> written) {
        for (String name : written) {
            SObjectField field = type.field(name);
            Object value = record.get(field.name());
            if (value != null) {
                checkValue(type, field, value.toString());
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
                Set<String> same = new HashSet<>(store.lookup(type.name(), field.name(), value.toString()));
                same.remove(record.get("Id"));
                if (!same.isEmpty()) {
                    throw new SalesforceError(400, "DUPLICATE_VALUE", "duplicate value found: " + field.name()
                            + " duplicates value on record with id: " + same.iterator().next(), List.of(field.name()));
                }
            }
        }
    }

    private void checkValue(SObjectType type, SObjectField field, String text) {
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

    private void checkReference(SObjectType type, SObjectField field, String value) {
        String id = SalesforceIds.normalize(value);
        if (id == null) {
            throw new SalesforceError(400, "MALFORMED_ID", field.label() + ": id value of incorrect type: " + value,
                    List.of(field.name()));
        }
        SObjectType target = store.schema().byPrefix(id);
        if (target == null || !field.referenceTo().contains(target.name())) {
            throw new SalesforceError(400, "FIELD_INTEGRITY_EXCEPTION", field.label() + ": id value of incorrect type: " + value,
                    List.of(field.name()));
        }
        Map<String, Object> referenced = store.get(id);
        if (referenced == null) {
            throw new SalesforceError(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of(field.name()));
        }
        if ("OwnerId".equals(field.name()) && "Group".equals(target.name()) && !"Queue".equals(referenced.get("Type"))) {
            throw new SalesforceError(400, "FIELD_INTEGRITY_EXCEPTION", field.label() + ": id value of incorrect type: " + value
                    + " (a group that is not a queue)", List.of(field.name()));
        }
        if ("OwnerId".equals(field.name()) && Boolean.FALSE.equals(referenced.get("IsActive"))) {
            throw new SalesforceError(400, "INACTIVE_OWNER_OR_USER", "operation performed with inactive user [" + id
                    + "] as owner of " + type.name(), List.of(field.name()));
        }
    }

    /** A JSON value as the field's type takes it; anything else fails the request like Salesforce's parser. */
    static Object coerce(SObjectField field, Object value) {
        if (value == null || (value instanceof String s && s.isEmpty() && !"boolean".equals(field.type()))) {
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
                case "date" -> LocalDate.parse(text).toString();
                case "datetime" -> OrgStore.DATETIME.format(OrgStore.parseDateTime(text));
                default -> text;
            };
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw parserError(field, value);
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
