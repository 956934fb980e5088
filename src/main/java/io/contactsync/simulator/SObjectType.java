package io.contactsync.simulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An sObject type of the simulated org: its name, key prefix and fields (looked up case-insensitively). */
public final class SObjectType {

    private final String name;
    private final String label;
    private final String labelPlural;
    private final String keyPrefix;
    private final boolean createable;
    private final Map<String, SObjectField> fields = new LinkedHashMap<>();
    private final List<Child> children = new ArrayList<>();

    /** A child relationship: {@code Tasks} of a Lead are the Tasks whose WhoId is the Lead. */
    public record Child(String relationshipName, String childType, String field) { }

    SObjectType(String name, String label, String labelPlural, String keyPrefix, boolean createable) {
        this.name = name;
        this.label = label;
        this.labelPlural = labelPlural;
        this.keyPrefix = keyPrefix;
        this.createable = createable;
    }

    public String name() { return name; }
    public String keyPrefix() { return keyPrefix; }
    public boolean createable() { return createable; }

    public SObjectField field(String fieldName) {
        return fieldName == null ? null : fields.get(fieldName.toLowerCase(Locale.ROOT));
    }

    public Collection<SObjectField> fields() {
        return fields.values();
    }

    /** The reference field whose relationship name is given (Owner → OwnerId), or null. */
    public SObjectField relationship(String relationshipName) {
        return fields.values().stream().filter(f -> relationshipName.equalsIgnoreCase(f.relationshipName()))
                .findFirst().orElse(null);
    }

    /** The child relationship of this name (Tasks, Contacts), or null. */
    public Child child(String relationshipName) {
        return children.stream().filter(c -> c.relationshipName().equalsIgnoreCase(relationshipName)).findFirst().orElse(null);
    }

    void addChild(Child child) {
        children.add(child);
    }

    SObjectType add(SObjectField field) {
        fields.put(field.name().toLowerCase(Locale.ROOT), field);
        return this;
    }

    private String url(String version) {
        return "/services/data/v" + version + "/sobjects/" + name;
    }

    /** The entry of describe global, and the objectDescribe of {@code GET /sobjects/{type}}. */
    public Map<String, Object> describeGlobal(String version) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("activateable", false);
        d.put("createable", createable);
        d.put("custom", name.endsWith("__c"));
        d.put("customSetting", false);
        d.put("deletable", createable);
        d.put("deprecatedAndHidden", false);
        d.put("feedEnabled", true);
        d.put("hasSubtypes", false);
        d.put("isSubtype", false);
        d.put("keyPrefix", keyPrefix);
        d.put("label", label);
        d.put("labelPlural", labelPlural);
        d.put("layoutable", true);
        d.put("mergeable", List.of("Lead", "Contact", "Account").contains(name));
        d.put("mruEnabled", true);
        d.put("name", name);
        d.put("queryable", true);
        d.put("replicateable", true);
        d.put("retrieveable", true);
        d.put("searchable", true);
        d.put("triggerable", true);
        d.put("undeletable", createable);
        d.put("updateable", createable || "User".equals(name));
        Map<String, Object> urls = new LinkedHashMap<>();
        urls.put("rowTemplate", url(version) + "/{ID}");
        urls.put("defaultValues", url(version) + "/defaultValues?recordTypeId&fields");
        urls.put("describe", url(version) + "/describe");
        urls.put("sobject", url(version));
        d.put("urls", urls);
        return d;
    }

    /** {@code GET /sobjects/{type}/describe}. */
    public Map<String, Object> describe(String version) {
        Map<String, Object> d = describeGlobal(version);
        List<Map<String, Object>> fieldList = new ArrayList<>();
        fields.values().forEach(f -> fieldList.add(f.describe()));
        d.put("fields", fieldList);
        List<Map<String, Object>> described = new ArrayList<>();
        for (Child child : children) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("cascadeDelete", false);
            c.put("childSObject", child.childType());
            c.put("deprecatedAndHidden", false);
            c.put("field", child.field());
            c.put("relationshipName", child.relationshipName());
            c.put("restrictedDelete", false);
            described.add(c);
        }
        d.put("childRelationships", described);
        d.put("recordTypeInfos", List.of());
        d.put("supportedScopes", List.of(Map.of("label", "All " + labelPlural.toLowerCase(Locale.ROOT), "name", "everything")));
        return d;
    }
}
