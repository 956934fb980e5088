package io.contactsync.mapping;

import io.contactsync.contact.Contact;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.support.DefaultExchange;

/**
 * One object's mapping, read from {@code routes/mappings/<object>.yaml}: Camel Simple expressions
 * evaluated with the contact as {@code ${body}}.
 *
 * <p>A new record gets the predefined values, every field rule whose condition holds, the custom
 * fields and the values of the conditions that hold. An existing record (duplicate policy
 * {@code update}) gets the rules with {@code override: true}, and the others only where its value is empty.
 */
public record MappingTemplate(String object, Path file, List<FieldRule> fields, List<FieldRule> predefined,
                              List<Conditional> conditions, boolean customFields) {

    /** Which way a field's changes flow: into Salesforce, out of it, both ways, or not at all. */
    public enum Direction {
        push, pull, both, none;

        public boolean pushes() { return this == push || this == both; }
        public boolean pulls() { return this == pull || this == both; }
    }

    /** For a {@code both} field changed on both sides since the last sync: whose value stays. */
    public enum Conflict {
        LAST_WRITER("last-writer"), SALESFORCE("salesforce"), CONTACT_SYNC("contact-sync"),
        SALESFORCE_UNLESS_BLANK("salesforce-unless-blank");

        private final String text;

        Conflict(String text) { this.text = text; }

        public String text() { return text; }

        public static Conflict of(String text) {
            for (Conflict c : values()) {
                if (c.text.equals(text)) {
                    return c;
                }
            }
            return null;
        }
    }

    /**
     * Target field, value, optional condition, whether it may overwrite a value already in Salesforce,
     * which way it is synced, and (for {@code both}) the conflict rule.
     */
    public record FieldRule(String target, String sourceText, Expression source, Predicate when, boolean override,
                            int line, Direction direction, Conflict conflict) {

        private static final java.util.regex.Pattern PROPERTY = java.util.regex.Pattern.compile("^\\$\\{body\\.(\\w+)}$");

        public FieldRule(String target, String sourceText, Expression source, Predicate when, boolean override, int line) {
            this(target, sourceText, source, when, override, line, Direction.push, Conflict.LAST_WRITER);
        }

        /** The contact property a pulled value is written to: the source must be {@code ${body.<property>}}. */
        public String property() {
            java.util.regex.Matcher m = PROPERTY.matcher(sourceText.strip());
            return m.matches() ? m.group(1) : null;
        }

        /** A source without any {@code ${…}}: the same text for every contact, checkable before any is sent. */
        public boolean constant() {
            return !sourceText.contains("${");
        }
    }

    /** Fields set when a condition on the contact holds. */
    public record Conditional(Predicate when, String whenText, List<FieldRule> set, int line) { }

    /** The record a new contact becomes. */
    public Map<String, Object> create(CamelContext camel, Contact contact) {
        return apply(camel, contact, null);
    }

    /**
     * The fields to write into an existing record whose current values are {@code existing}: those
     * that may override, and the others where the record has no value yet.
     */
    public Map<String, Object> update(CamelContext camel, Contact contact, Map<String, Object> existing) {
        return apply(camel, contact, existing == null ? Map.of() : existing);
    }

    /** The record any other source (an activity) becomes, with the source as {@code ${body}}. */
    public Map<String, Object> create(CamelContext camel, Object source) {
        return apply(camel, source, null);
    }

    private Map<String, Object> apply(CamelContext camel, Object source, Map<String, Object> existing) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(source);
        boolean forUpdate = existing != null;
        Map<String, Object> record = new LinkedHashMap<>();
        if (!forUpdate) {
            predefined.forEach(rule -> put(record, rule, exchange));
        }
        for (FieldRule rule : fields) {
            if (rule.direction().pushes() && writes(rule, existing) && (rule.when() == null || rule.when().matches(exchange))) {
                put(record, rule, exchange);
            }
        }
        if (customFields && !forUpdate && source instanceof Contact contact) {
            contact.custom().forEach((name, value) -> {
                if (name.endsWith("__c") && value != null) {
                    record.putIfAbsent(name, value);
                }
            });
        }
        for (Conditional conditional : conditions) {
            if (conditional.when().matches(exchange)) {
                conditional.set().stream().filter(rule -> writes(rule, existing))
                        .forEach(rule -> put(record, rule, exchange));
            }
        }
        return record;
    }

    private static boolean writes(FieldRule rule, Map<String, Object> existing) {
        if (existing == null || rule.override()) {
            return true;
        }
        Object current = existing.get(rule.target());
        return current == null || current.toString().isBlank();
    }

    /**
     * The values the contact gives the fields it pushes (direction push or both, conditions included,
     * predefined values and custom fields not): what an exported record should hold from this service.
     */
    public Map<String, Object> pushView(CamelContext camel, Contact contact) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(contact);
        Map<String, Object> view = new LinkedHashMap<>();
        for (FieldRule rule : fields) {
            if (rule.direction().pushes() && (rule.when() == null || rule.when().matches(exchange))) {
                put(view, rule, exchange);
            }
        }
        for (Conditional conditional : conditions) {
            if (conditional.when().matches(exchange)) {
                conditional.set().forEach(rule -> put(view, rule, exchange));
            }
        }
        return view;
    }

    /**
     * The update an exported record needs: the pushed fields whose value differs from what the record
     * holds from this service ({@code before}, null when unknown). A field that may not {@code override}
     * is only filled where this service left it empty; with {@code before} unknown only fields that may
     * override are sent. A value emptied here clears a field that may override.
     */
    public Map<String, Object> changes(Map<String, Object> now, Map<String, Object> before) {
        Set<String> overriding = new LinkedHashSet<>();
        Set<String> targets = new LinkedHashSet<>();
        Stream.concat(fields.stream(), conditions.stream().flatMap(c -> c.set().stream()))
                .filter(rule -> rule.direction().pushes()).forEach(rule -> {
                    targets.add(rule.target());
                    if (rule.override()) {
                        overriding.add(rule.target());
                    }
                });
        Map<String, Object> record = new LinkedHashMap<>();
        for (String target : targets) {
            Object value = now.get(target);
            Object was = before == null ? null : before.get(target);
            if (before != null && SyncedValues.same(value, was)) {
                continue;
            }
            if (overriding.contains(target)) {
                record.put(target, value);
            } else if (before != null && was == null && value != null) {
                record.put(target, value);
            }
        }
        return record;
    }

    /** The field rules whose values are read back from Salesforce (direction pull or both). */
    public List<FieldRule> pulled() {
        return fields.stream().filter(rule -> rule.direction().pulls()).toList();
    }

    /** Every rule that writes a field: predefined values, fields and the values of conditions. */
    public List<FieldRule> rules() {
        List<FieldRule> all = new ArrayList<>(predefined);
        all.addAll(fields);
        conditions.forEach(c -> all.addAll(c.set()));
        return all;
    }

    /** The fields an update compares with the existing record (those that must not override a value). */
    public Set<String> fillOnlyTargets() {
        Set<String> targets = new LinkedHashSet<>();
        Stream.concat(fields.stream(), conditions.stream().flatMap(c -> c.set().stream()))
                .filter(rule -> !rule.override()).forEach(rule -> targets.add(rule.target()));
        return targets;
    }

    private static void put(Map<String, Object> record, FieldRule rule, Exchange exchange) {
        Object value = rule.source().evaluate(exchange, Object.class);
        if (value instanceof String s && s.isEmpty()) {
            value = null;
        }
        if (value != null) {
            record.put(rule.target(), value instanceof TemporalAccessor ? value.toString() : value);
        }
    }
}
