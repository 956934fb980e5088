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

    /** Target field, value, optional condition, and whether it may overwrite a value already in Salesforce. */
    public record FieldRule(String target, String sourceText, Expression source, Predicate when, boolean override,
                            int line) {

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
            if (writes(rule, existing) && (rule.when() == null || rule.when().matches(exchange))) {
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
