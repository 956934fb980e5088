package io.contactsync.simulator;

import static io.contactsync.simulator.SoqlValues.checkFilterValue;
import static io.contactsync.simulator.SoqlValues.equal;
import static io.contactsync.simulator.SoqlValues.key;
import static io.contactsync.simulator.SoqlValues.like;
import static io.contactsync.simulator.SoqlValues.literal;
import static io.contactsync.simulator.SoqlValues.malformed;
import static io.contactsync.simulator.SoqlValues.ordered;

import io.github.apexdevtools.apexparser.ApexParser.ConditionalExpressionContext;
import io.github.apexdevtools.apexparser.ApexParser.FieldExpressionContext;
import io.github.apexdevtools.apexparser.ApexParser.LogicalExpressionContext;
import io.github.apexdevtools.apexparser.ApexParser.SubQueryContext;
import io.github.apexdevtools.apexparser.ApexParser.WhereConditionalExpressionContext;
import io.github.apexdevtools.apexparser.ApexParser.WhereLogicalExpressionContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The conditions of SOQL: WHERE with =, !=, <, <=, >, >=, LIKE, IN, NOT IN, AND, OR, NOT and
 * parentheses, semi-joins and anti-joins ({@code Id IN (SELECT WhoId FROM Task)}), HAVING on the
 * groups of an aggregate query, and the index lookup a WHERE clause allows.
 */
final class SoqlWhere {

    private static final Set<String> OPERATORS = Set.of("=", "!=", "<>", "<", "<=", ">", ">=");

    private final SoqlPaths paths;
    private final OrgStore store;

    SoqlWhere(SoqlPaths paths, OrgStore store) {
        this.paths = paths;
        this.store = store;
    }

    Predicate<Map<String, Object>> where(String soql, SObjectType type, String alias, WhereLogicalExpressionContext ctx) {
        List<Predicate<Map<String, Object>>> parts = new ArrayList<>();
        for (WhereConditionalExpressionContext conditional : ctx.whereConditionalExpression()) {
            if (conditional.whereLogicalExpression() != null) {
                parts.add(where(soql, type, alias, conditional.whereLogicalExpression()));
            } else if (conditional.whereFieldExpression().fieldExpression() != null) {
                parts.add(comparison(soql, type, alias, conditional.whereFieldExpression().fieldExpression()));
            } else {
                throw malformed("the simulator does not support FORMULA in WHERE");
            }
        }
        return combine(parts, ctx.NOT() != null, !ctx.SOQLOR().isEmpty());
    }

    /** HAVING: conditions on a group's aggregates (COUNT(Id) > 1) or grouped fields, tested on the group's records. */
    Predicate<List<Map<String, Object>>> having(String soql, SObjectType type, String alias, LogicalExpressionContext ctx) {
        List<Predicate<List<Map<String, Object>>>> parts = new ArrayList<>();
        for (ConditionalExpressionContext conditional : ctx.conditionalExpression()) {
            if (conditional.logicalExpression() != null) {
                parts.add(having(soql, type, alias, conditional.logicalExpression()));
                continue;
            }
            FieldExpressionContext expression = conditional.fieldExpression();
            String operator = expression.comparisonOperator().getText().toUpperCase(Locale.ROOT);
            Object literal = literal(expression.value());
            var function = expression.soqlFunction();
            if (function != null) {
                String name = function.getChild(0).getText().toUpperCase(Locale.ROOT);
                List<String> path = function.fieldName() == null ? null : paths.resolve(soql, type, function.fieldName(), alias);
                SoqlAggregates.Column column = new SoqlAggregates.Column(name, path, name);
                parts.add(group -> test(operator, path == null ? (Object) group.size()
                        : SoqlAggregates.aggregate(column, group, (r, p) -> paths.value(type, r, p)), literal));
            } else {
                List<String> path = paths.resolve(soql, type, expression.fieldName(), alias);
                parts.add(group -> test(operator, paths.value(type, group.get(0), path), literal));
            }
        }
        return combine(parts, ctx.NOT() != null, !ctx.SOQLOR().isEmpty());
    }

    private static <T> Predicate<T> combine(List<Predicate<T>> parts, boolean not, boolean or) {
        if (not) {
            return parts.get(0).negate();
        }
        if (or) {
            return r -> parts.stream().anyMatch(p -> p.test(r));
        }
        return r -> parts.stream().allMatch(p -> p.test(r));
    }

    private Predicate<Map<String, Object>> comparison(String soql, SObjectType type, String alias, FieldExpressionContext ctx) {
        if (ctx.fieldName() == null) {
            throw malformed("the simulator compares fields only: " + ctx.getText());
        }
        List<String> path = paths.resolve(soql, type, ctx.fieldName(), alias);
        String operator = ctx.comparisonOperator().getText().toUpperCase(Locale.ROOT);
        if (ctx.value().subQuery() != null) {
            if (!"IN".equals(operator) && !"NOTIN".equals(operator)) {
                throw malformed("a semi-join takes IN or NOT IN");
            }
            Supplier<Set<Object>> values = semiJoin(soql, ctx.value().subQuery());
            boolean in = "IN".equals(operator);
            return r -> values.get().contains(key(paths.value(type, r, path))) == in;
        }
        Object literal = literal(ctx.value());
        checkFilterValue(paths.field(type, path), literal);
        if (literal instanceof SoqlValues.DateRange range) {
            return r -> range.test(paths.value(type, r, path), operator);
        }
        if ("LIKE".equals(operator)) {
            Pattern pattern = like(String.valueOf(literal));
            return r -> {
                Object v = paths.value(type, r, path);
                return v != null && pattern.matcher(v.toString()).matches();
            };
        }
        if ("IN".equals(operator) || "NOTIN".equals(operator)) {
            if (!(literal instanceof List<?> list)) {
                throw malformed("IN takes a list of values");
            }
            Set<Object> keys = new HashSet<>();
            list.forEach(item -> keys.add(key(item)));
            boolean in = "IN".equals(operator);
            return r -> keys.contains(key(paths.value(type, r, path))) == in;
        }
        if (!OPERATORS.contains(operator)) {
            throw malformed("the simulator does not support the operator " + operator);
        }
        return r -> test(operator, paths.value(type, r, path), literal);
    }

    private static boolean test(String operator, Object value, Object literal) {
        return switch (operator) {
            case "=" -> equal(value, literal);
            case "!=", "<>" -> !equal(value, literal);
            case "<" -> ordered(value, literal, c -> c < 0);
            case "<=" -> ordered(value, literal, c -> c <= 0);
            case ">" -> ordered(value, literal, c -> c > 0);
            case ">=" -> ordered(value, literal, c -> c >= 0);
            default -> throw malformed("the simulator does not support the operator " + operator);
        };
    }

    /** The values the inner query selects (one id or reference field), read once when the outer query first needs them. */
    private Supplier<Set<Object>> semiJoin(String soql, SubQueryContext sub) {
        SObjectType inner = store.schema().type(sub.fromNameList().fieldName(0).getText());
        if (inner == null || sub.subFieldList().subFieldEntry().size() != 1
                || sub.subFieldList().subFieldEntry(0).fieldName() == null) {
            throw malformed("a semi-join selects one field of one object");
        }
        List<String> selected = paths.resolve(soql, inner, sub.subFieldList().subFieldEntry(0).fieldName(), null);
        String fieldType = paths.field(inner, selected).type();
        if (!"id".equals(fieldType) && !"reference".equals(fieldType)) {
            throw new SalesforceError(400, "INVALID_FIELD", "\n" + soql + "\nThe selected field '" + String.join(".", selected)
                    + "' in the subquery must be an ID or a reference field", null);
        }
        Predicate<Map<String, Object>> where = sub.whereClause() == null ? r -> true
                : where(soql, inner, null, sub.whereClause().whereLogicalExpression());
        Set<Object>[] memo = new Set[1];
        return () -> {
            if (memo[0] == null) {
                Set<Object> values = new HashSet<>();
                store.all(inner.name()).stream().filter(where).forEach(r -> values.add(key(paths.value(inner, r, selected))));
                values.remove(null);
                memo[0] = values;
            }
            return memo[0];
        };
    }

    /** The first top-level AND term that pins an indexed field to string values, or null. */
    SoqlEngine.Lookup lookup(String soql, SObjectType type, String alias, WhereLogicalExpressionContext ctx) {
        if (ctx.NOT() != null || !ctx.SOQLOR().isEmpty()) {
            return null;
        }
        for (WhereConditionalExpressionContext conditional : ctx.whereConditionalExpression()) {
            FieldExpressionContext comparison = conditional.whereFieldExpression() == null ? null
                    : conditional.whereFieldExpression().fieldExpression();
            if (comparison == null || comparison.fieldName() == null || comparison.value().subQuery() != null) {
                continue;
            }
            List<String> path = paths.resolve(soql, type, comparison.fieldName(), alias);
            String operator = comparison.comparisonOperator().getText().toUpperCase(Locale.ROOT);
            if (path.size() != 1 || !store.indexed(path.get(0)) || !("=".equals(operator) || "IN".equals(operator))) {
                continue;
            }
            Object literal = literal(comparison.value());
            List<?> values = literal instanceof List<?> list ? list : Collections.singletonList(literal);
            // plain strings only: other literals compare by other rules than the index's lower case
            if (values.stream().allMatch(v -> v instanceof String text && text.indexOf('\\') < 0)) {
                return new SoqlEngine.Lookup(type.field(path.get(0)).name(), values.stream().map(String.class::cast).toList());
            }
        }
        return null;
    }
}
