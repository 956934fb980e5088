package io.contactsync.mapping;

import io.contactsync.contact.Contact;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.support.DefaultExchange;

/**
 * One object's mapping, read from {@code routes/mappings/<object>.yaml}: Camel Simple expressions
 * evaluated with the contact as {@code ${body}}.
 */
public record MappingTemplate(String object, Path file, List<FieldRule> fields, List<FieldRule> predefined,
                              List<Conditional> conditions, boolean customFields) {

    /** Target field, value, optional condition, and whether it may overwrite a value already in Salesforce. */
    public record FieldRule(String target, String sourceText, Expression source, Predicate when, boolean override,
                            int line) { }

    /** Fields set when a condition on the contact holds. */
    public record Conditional(Predicate when, String whenText, List<FieldRule> set, int line) { }

    /** The record a new contact becomes (create), or the fields that may overwrite an existing record (update). */
    public Map<String, Object> apply(CamelContext camel, Contact contact, boolean forUpdate) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(contact);
        Map<String, Object> record = new LinkedHashMap<>();
        if (!forUpdate) {
            predefined.forEach(rule -> put(record, rule, exchange));
        }
        for (FieldRule rule : fields) {
            if ((!forUpdate || rule.override()) && (rule.when() == null || rule.when().matches(exchange))) {
                put(record, rule, exchange);
            }
        }
        if (customFields) {
            contact.custom().forEach((name, value) -> {
                if (name.endsWith("__c") && value != null && (!forUpdate || !record.containsKey(name))) {
                    record.put(name, value);
                }
            });
        }
        for (Conditional conditional : conditions) {
            if (conditional.when().matches(exchange)) {
                conditional.set().stream().filter(rule -> !forUpdate || rule.override())
                        .forEach(rule -> put(record, rule, exchange));
            }
        }
        return record;
    }

    private static void put(Map<String, Object> record, FieldRule rule, Exchange exchange) {
        Object value = rule.source().evaluate(exchange, Object.class);
        if (value instanceof String s && s.isEmpty()) {
            value = null;
        }
        if (value != null) {
            record.put(rule.target(), value instanceof java.time.temporal.TemporalAccessor ? value.toString() : value);
        }
    }
}
