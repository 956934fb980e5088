package io.contactsync.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.mapping.FieldValues.Kind;
import io.contactsync.mapping.FieldValues.Misfit;
import io.contactsync.mapping.MappingTemplate.FieldRule;
import io.contactsync.mapping.ObjectDescribe.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Checks mapping templates against the org's describe metadata: every target field exists, can be
 * created (and updated where it may override), takes what its source gives (a number, a date, text
 * within its length, a value of its restricted picklist), and every field Salesforce requires is
 * mapped. Remembers the describes so that each record is checked the same way before it is sent.
 */
@Component("mappingCheck")
public class MappingCheck {

    /** Contact fields a value read from Salesforce can be written to (street is made of two lines: not one). */
    public static final List<String> PULLABLE = List.of("namePrefix", "firstName", "lastName", "email", "phoneWork",
            "phoneMobile", "company", "title", "department", "website", "addressLine1", "addressLine2", "zip", "city",
            "country", "notes", "metOn", "metBy", "leadScore");

    static final String TASK = "Task";

    private final CamelContext camel;
    private final MappingTemplates templates;
    private final ObjectMapper json;
    private final String externalIdField;
    /** Activities on: the Task template (task.yaml) is checked with the others. */
    private final boolean activities;
    private final String activityIdField;
    private volatile Map<String, ObjectDescribe> describes = Map.of();
    private volatile List<MappingProblem> problems = List.of();
    private volatile boolean checked;

    public MappingCheck(CamelContext camel, MappingTemplates templates, ObjectMapper json, ContactSyncProperties properties,
                        @Value("${contactsync.activities.enabled:true}") boolean activities,
                        @Value("${contactsync.activities.external-id-field:ActivitySyncId__c}") String activityIdField) {
        this.camel = camel;
        this.activities = activities;
        this.activityIdField = activityIdField;
        this.templates = templates;
        this.json = json;
        String field = properties.salesforce().externalIdField();
        this.externalIdField = field == null || field.isBlank() ? null : field;
    }

    /** Reads one raw describe answer. */
    public ObjectDescribe describe(String rawDescribe) throws JsonProcessingException {
        return ObjectDescribe.of(json.readTree(rawDescribe));
    }

    /** The objects whose templates are checked: those of the contacts, and Task while activities are on and task.yaml is there. */
    public List<String> objectsToDescribe() {
        List<String> objects = new ArrayList<>(templates.objects());
        if (checksTask()) {
            objects.add(TASK);
        }
        return objects;
    }

    public boolean checksTask() {
        return activities && templates.hasOther(TASK);
    }

    /** Checks the templates in use against these describes and remembers both; answers the problems. */
    public List<MappingProblem> checkInUse(List<ObjectDescribe> described) {
        Map<String, ObjectDescribe> byName = byName(described);
        List<MappingTemplate> inUse = new ArrayList<>(templates.all().values());
        if (checksTask()) {
            inUse.add(templates.other(TASK));
        }
        List<MappingProblem> found = check(inUse, byName);
        describes = byName;
        problems = List.copyOf(found);
        checked = true;
        return problems;
    }

    public boolean checked() {
        return checked;
    }

    public List<MappingProblem> problems() {
        return problems;
    }

    /** Fails when the templates in use do not fit the org, naming every problem. */
    public void requireSound() {
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
    }

    public static Map<String, ObjectDescribe> byName(List<ObjectDescribe> described) {
        Map<String, ObjectDescribe> byName = new LinkedHashMap<>();
        described.forEach(d -> byName.put(d.name(), d));
        return byName;
    }

    /** Every problem of the templates with the org described, in file and line order. */
    public List<MappingProblem> check(Collection<MappingTemplate> toCheck, Map<String, ObjectDescribe> described) {
        List<MappingProblem> found = new ArrayList<>();
        for (MappingTemplate template : toCheck) {
            ObjectDescribe object = described.get(template.object());
            if (object == null) {
                found.add(new MappingProblem(template.file(), 1, null, "the org has no object " + template.object()));
                continue;
            }
            checkTemplate(template, object, found);
        }
        found.sort(Comparator.comparing((MappingProblem p) -> String.valueOf(p.file())).thenComparingInt(MappingProblem::line));
        return found;
    }

    private void checkTemplate(MappingTemplate template, ObjectDescribe object, List<MappingProblem> found) {
        Exchange sample = new DefaultExchange(camel);
        // a Task template maps an activity, the others a contact
        sample.getMessage().setBody(TASK.equals(template.object()) ? SampleActivity.of() : SampleContact.of("sample@example.com"));
        Set<String> mapped = new HashSet<>();
        for (FieldRule rule : template.rules()) {
            if (rule.direction().pushes()) {
                mapped.add(rule.target().toLowerCase(Locale.ROOT));
            }
            String problem = ruleProblem(rule, object, sample);
            if (problem != null) {
                found.add(new MappingProblem(template.file(), rule.line(), rule.target(), problem));
            }
        }
        for (String systemSet : List.of("OwnerId", "AccountId", String.valueOf(externalIdField))) {
            mapped.add(systemSet.toLowerCase(Locale.ROOT));
        }
        object.fields().stream().filter(Field::requiredOnCreate)
                .filter(f -> !mapped.contains(f.name().toLowerCase(Locale.ROOT)))
                .forEach(f -> found.add(new MappingProblem(template.file(), 0, f.name(), template.object()
                        + " requires " + f.name() + " on create, and no rule of the template sets it")));
        // what records are upserted on: the contacts' sync key, on Task the activities' own
        boolean task = TASK.equals(template.object());
        String keyField = task ? activityIdField : externalIdField;
        if (keyField != null && !"Account".equals(template.object())) {
            Field key = object.field(keyField);
            String problem = key == null ? template.object() + " has no field " + keyField
                    : !key.createable() || !key.updateable() ? template.object() + "." + key.name()
                    + " must be createable and updateable to upsert on it" : null;
            if (problem != null) {
                found.add(new MappingProblem(null, 0, null, (task ? "contactsync.activities.external-id-field: "
                        : "contactsync.salesforce.external-id-field: ") + problem));
            }
        }
    }

    private String ruleProblem(FieldRule rule, ObjectDescribe object, Exchange sample) {
        Field field = object.field(rule.target());
        if (field == null) {
            return object.name() + " has no field '" + rule.target() + "'" + suggestion(rule.target(), object);
        }
        if (rule.direction().pulls()) {
            String property = rule.property();
            if (property == null || !PULLABLE.contains(property)) {
                return "direction " + rule.direction() + ": the source must be ${body.<field>} of a contact field that "
                        + "takes a pulled value (" + String.join(", ", PULLABLE) + "), was '" + rule.sourceText() + "'";
            }
        }
        if (rule.direction().pushes() && !field.createable()) {
            return object.name() + "." + field.name() + " cannot be set on create (not createable)";
        }
        if (rule.override() && rule.direction().pushes() && !field.updateable()) {
            return "override: true, but " + object.name() + "." + field.name() + " cannot be updated (not updateable)";
        }
        if (rule.direction() == MappingTemplate.Direction.both && !field.updateable()) {
            return "direction both, but " + object.name() + "." + field.name() + " cannot be updated (not updateable)";
        }
        Object value;
        try {
            value = rule.source().evaluate(sample, Object.class);
        } catch (RuntimeException e) {
            return "source '" + rule.sourceText() + "' cannot be evaluated on "
                    + (TASK.equals(object.name()) ? "an activity" : "a contact") + ": " + e.getMessage();
        }
        if (rule.constant() && value != null && !value.toString().isEmpty()) {
            try {
                FieldValues.fit(field, value);
                return null;
            } catch (Misfit misfit) {
                return "value " + misfit.getMessage();
            }
        }
        String incompatible = FieldValues.incompatible(Kind.of(value), field);
        return incompatible == null ? null : "source '" + rule.sourceText() + "': " + incompatible;
    }

    private static String suggestion(String target, ObjectDescribe object) {
        String wanted = target.toLowerCase(Locale.ROOT);
        return object.fields().stream()
                .filter(f -> distance(wanted, f.name().toLowerCase(Locale.ROOT)) <= Math.max(2, wanted.length() / 4))
                .min(Comparator.comparingInt(f -> distance(wanted, f.name().toLowerCase(Locale.ROOT))))
                .map(f -> " (did you mean " + f.name() + "?)").orElse("");
    }

    private static int distance(String a, String b) {
        return org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance().apply(a, b);
    }

    /**
     * Checks one record before it is sent and puts each value in the form its field takes; answers
     * what does not fit (empty when all does). Before the first check there is nothing to check with.
     */
    public List<String> fit(String objectName, Map<String, Object> record, boolean update) {
        ObjectDescribe object = describes.get(objectName);
        return object == null ? new ArrayList<>() : fit(object, record, update);
    }

    /** The same against a given describe. */
    public static List<String> fit(ObjectDescribe object, Map<String, Object> record, boolean update) {
        String objectName = object.name();
        List<String> misfits = new ArrayList<>();
        for (Iterator<Map.Entry<String, Object>> it = record.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Object> entry = it.next();
            Field field = object.field(entry.getKey());
            if (field == null) {
                misfits.add(objectName + "." + entry.getKey() + ": the org has no such field");
            } else if (update && !field.updateable()) {
                it.remove();
            } else if (!update && !field.createable()) {
                misfits.add(objectName + "." + field.name() + ": cannot be set on create");
            } else if (entry.getValue() == null) {
                // an update that clears the field: nothing to fit
                continue;
            } else {
                try {
                    entry.setValue(FieldValues.fit(field, entry.getValue()));
                } catch (Misfit misfit) {
                    misfits.add(objectName + "." + field.name() + ": " + misfit.getMessage());
                }
            }
        }
        return misfits;
    }
}
