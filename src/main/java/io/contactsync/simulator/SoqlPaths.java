package io.contactsync.simulator;

import io.github.apexdevtools.apexparser.ApexParser.FieldNameContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.Token;

/**
 * Field paths of SOQL: a field of the queried object ({@code Email}) or of a parent through its
 * relationship ({@code Owner.Email}), checked against the schema, read from a record and written into
 * a result row. A polymorphic relationship (Who, What, a Lead's Owner) leads to the Name pseudo-type:
 * {@code Who.Type} is the object the id names, {@code Owner.Name} its name, and the nested row's
 * attributes say {@code "type": "Name"} with the record's own URL.
 */
final class SoqlPaths {

    private final OrgStore store;

    SoqlPaths(OrgStore store) {
        this.store = store;
    }

    OrgSchema schema() {
        return store.schema();
    }

    /** The field path of a field name (Email, Owner.Email, Lead.Email with the object's name or alias), checked. */
    List<String> resolve(String soql, SObjectType type, FieldNameContext name, String alias) {
        List<String> path = new ArrayList<>();
        name.soqlId().forEach(id -> path.add(id.getText()));
        if (path.size() > 1 && (path.get(0).equalsIgnoreCase(type.name()) || path.get(0).equalsIgnoreCase(alias))) {
            path.remove(0);
        }
        SObjectType current = type;
        for (int i = 0; i < path.size(); i++) {
            String part = path.get(i);
            if (i == path.size() - 1) {
                if (current.field(part) == null) {
                    throw noSuchColumn(soql, name.getStart(), part, current);
                }
            } else {
                SObjectField reference = current.relationship(part);
                if (reference == null) {
                    throw new SalesforceError(400, "INVALID_FIELD", "\n" + soql + "\n" + caret(soql, name.getStart())
                            + "Didn't understand relationship '" + part + "' in field path. If you are attempting to use a custom "
                            + "relationship, be sure to append the '__r' after the custom relationship name. Please reference "
                            + "your WSDL or the describe call for the appropriate names.", null);
                }
                current = schema().target(reference);
            }
        }
        return path;
    }

    /** The field a path ends at (Owner.Email → User.Email, Who.Type → Name.Type). */
    SObjectField field(SObjectType type, List<String> path) {
        SObjectType current = type;
        for (String part : path.subList(0, path.size() - 1)) {
            current = schema().target(current.relationship(part));
        }
        return current.field(path.get(path.size() - 1));
    }

    Object value(SObjectType type, Map<String, Object> record, List<String> path) {
        if (path.size() == 1) {
            return record.get(type.field(path.get(0)).name());
        }
        SObjectField reference = type.relationship(path.get(0));
        Map<String, Object> parent = parent(reference, record.get(reference.name()));
        return parent == null ? null : value(schema().target(reference), parent, path.subList(1, path.size()));
    }

    /** Puts the path's value into a result row, parent fields in a nested object under the relationship name. */
    @SuppressWarnings("unchecked")
    void put(Map<String, Object> row, SObjectType type, Map<String, Object> record, List<String> path, String version) {
        if (path.size() == 1) {
            row.put(type.field(path.get(0)).name(), record.get(type.field(path.get(0)).name()));
            return;
        }
        SObjectField reference = type.relationship(path.get(0));
        Object parentId = record.get(reference.name());
        Map<String, Object> parent = parent(reference, parentId);
        if (parent == null) {
            row.putIfAbsent(reference.relationshipName(), null);
            return;
        }
        SObjectType parentType = schema().target(reference);
        Object existing = row.get(reference.relationshipName());
        Map<String, Object> nested = existing instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
        if (nested.isEmpty()) {
            SObjectType actual = schema().byPrefix(parentId.toString());
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("type", parentType.name());
            attributes.put("url", OrgStore.url(actual, version, parentId.toString()));
            nested.put("attributes", attributes);
        }
        put(nested, parentType, parent, path.subList(1, path.size()), version);
        row.put(reference.relationshipName(), nested);
    }

    /** The record a reference names, as its target type shows it (the Name view for a polymorphic one), or null. */
    private Map<String, Object> parent(SObjectField reference, Object id) {
        Map<String, Object> parent = id == null ? null : store.get(id.toString());
        if (parent == null) {
            return null;
        }
        return reference.referenceTo().size() > 1 ? schema().asName(parent) : parent;
    }

    static SalesforceError noSuchColumn(String soql, Token at, String field, SObjectType type) {
        return new SalesforceError(400, "INVALID_FIELD", "\n" + soql + "\n" + caret(soql, at) + "No such column '" + field
                + "' on entity '" + type.name() + "'. If you are attempting to use a custom field, be sure to append the '__c' "
                + "after the custom field name. Please reference your WSDL or the describe call for the appropriate names.", null);
    }

    static String caret(String soql, Token at) {
        int column = at.getCharPositionInLine();
        return " ".repeat(column) + "^\nERROR at Row:" + at.getLine() + ":Column:" + (column + 1) + "\n";
    }
}
