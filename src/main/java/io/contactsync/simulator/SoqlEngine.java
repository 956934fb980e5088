package io.contactsync.simulator;

import static io.contactsync.simulator.SoqlValues.checkFilterValue;
import static io.contactsync.simulator.SoqlValues.compare;
import static io.contactsync.simulator.SoqlValues.equal;
import static io.contactsync.simulator.SoqlValues.key;
import static io.contactsync.simulator.SoqlValues.like;
import static io.contactsync.simulator.SoqlValues.literal;
import static io.contactsync.simulator.SoqlValues.malformed;
import static io.contactsync.simulator.SoqlValues.ordered;

import io.github.apexdevtools.apexparser.ApexLexer;
import io.github.apexdevtools.apexparser.ApexParser;
import io.github.apexdevtools.apexparser.ApexParser.FieldExpressionContext;
import io.github.apexdevtools.apexparser.ApexParser.FieldNameContext;
import io.github.apexdevtools.apexparser.ApexParser.QueryContext;
import io.github.apexdevtools.apexparser.ApexParser.SelectEntryContext;
import io.github.apexdevtools.apexparser.ApexParser.WhereConditionalExpressionContext;
import io.github.apexdevtools.apexparser.ApexParser.WhereLogicalExpressionContext;
import io.github.apexdevtools.apexparser.CaseInsensitiveInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * The SOQL subset of the simulator, parsed with the SOQL rules of the apex-parser grammar: SELECT
 * fields and parent relationship fields, COUNT(), the aggregate functions with GROUP BY, FROM one
 * object, WHERE with =, !=, <, <=, >, >=, LIKE, IN, NOT IN, AND, OR, NOT and parentheses, date
 * literals (TODAY, LAST_N_DAYS:n, …), ORDER BY, LIMIT and OFFSET.
 */
public final class SoqlEngine {

    /** A parsed query, bound to the org's schema. */
    public record Query(SObjectType type, List<List<String>> fields, boolean count, Predicate<Map<String, Object>> where,
                        Comparator<Map<String, Object>> order, Integer limit, Integer offset, Lookup lookup,
                        SoqlAggregates aggregates) { }

    /**
     * An indexed field the WHERE clause requires to equal one of these values (a top-level AND term
     * {@code field = 'x'} or {@code field IN ('x', …)}): only the records the index finds for them
     * can match, so they are all the query needs to test.
     */
    public record Lookup(String field, List<String> values) { }

    private static final Set<String> AGGREGATES = Set.of("COUNT", "COUNT_DISTINCT", "MIN", "MAX", "SUM", "AVG");
    private static final Set<String> CLAUSES = Set.of("WHERE", "LIMIT", "ORDER", "GROUP", "OFFSET", "WITH", "FOR", "USING",
            "HAVING");

    private final OrgStore store;

    public SoqlEngine(OrgStore store) {
        this.store = store;
    }

    /** The records that match, each shaped as a query answer row (attributes + the selected fields). */
    public List<Map<String, Object>> run(Query query, String apiVersion, boolean includeDeleted) {
        List<Map<String, Object>> matching = new ArrayList<>();
        List<Map<String, Object>> candidates = includeDeleted ? store.allWithDeleted(query.type().name())
                : query.lookup() == null ? store.all(query.type().name())
                : store.lookupAll(query.type().name(), query.lookup().field(), query.lookup().values());
        for (Map<String, Object> record : candidates) {
            if (query.where().test(record)) {
                matching.add(record);
            }
        }
        if (query.order() != null) {
            matching.sort(query.order());
        }
        if (query.aggregates() != null) {
            matching = query.aggregates().rows(matching, (record, path) -> value(query.type(), record, path));
            int from = query.offset() == null ? 0 : Math.min(query.offset(), matching.size());
            int to = query.limit() == null ? matching.size() : Math.min(matching.size(), from + query.limit());
            return new ArrayList<>(matching.subList(from, to));
        }
        int from = query.offset() == null ? 0 : Math.min(query.offset(), matching.size());
        int to = query.limit() == null ? matching.size() : Math.min(matching.size(), from + query.limit());
        List<Map<String, Object>> rows = new ArrayList<>(to - from);
        if (query.count()) {
            for (int i = from; i < to; i++) {
                rows.add(null);
            }
            return rows;
        }
        for (Map<String, Object> record : matching.subList(from, to)) {
            rows.add(row(query.type(), record, query.fields(), apiVersion));
        }
        return rows;
    }

    private Map<String, Object> row(SObjectType type, Map<String, Object> record, List<List<String>> fields, String version) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("attributes", attributes(type, record, version));
        for (List<String> path : fields) {
            put(row, type, record, path, version);
        }
        return row;
    }

    private static Map<String, Object> attributes(SObjectType type, Map<String, Object> record, String version) {
        return OrgStore.attributes(type, version, (String) record.get("Id"));
    }

    @SuppressWarnings("unchecked")
    private void put(Map<String, Object> row, SObjectType type, Map<String, Object> record, List<String> path, String version) {
        if (path.size() == 1) {
            row.put(type.field(path.get(0)).name(), record.get(type.field(path.get(0)).name()));
            return;
        }
        SObjectField reference = type.relationship(path.get(0));
        Object parentId = record.get(reference.name());
        Map<String, Object> parent = parentId == null ? null : store.get(parentId.toString());
        if (parent == null) {
            row.putIfAbsent(reference.relationshipName(), null);
            return;
        }
        SObjectType parentType = store.schema().byPrefix(parentId.toString());
        Object existing = row.get(reference.relationshipName());
        Map<String, Object> nested = existing instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
        if (nested.isEmpty()) {
            nested.put("attributes", attributes(parentType, parent, version));
        }
        put(nested, parentType, parent, path.subList(1, path.size()), version);
        row.put(reference.relationshipName(), nested);
    }

    // ---- parsing

    public Query parse(String soql) {
        ApexLexer lexer = new ApexLexer(new CaseInsensitiveInputStream(CharStreams.fromString(soql)));
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        ApexParser parser = new ApexParser(tokens);
        BaseErrorListener fail = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column, String msg,
                                    RecognitionException e) {
                String token = offending instanceof Token t ? t.getText() : msg;
                throw malformed("unexpected token: " + ("<EOF>".equals(token) ? "<EOF>" : token));
            }
        };
        lexer.removeErrorListeners();
        lexer.addErrorListener(fail);
        parser.removeErrorListeners();
        parser.addErrorListener(fail);
        QueryContext query = parser.query();
        if (tokens.LA(1) != Token.EOF) {
            throw malformed("unexpected token: " + tokens.LT(1).getText());
        }
        return bind(soql, query);
    }

    private Query bind(String soql, QueryContext q) {
        if (q.fromNameList().fieldName().size() != 1 || q.withClause() != null || q.usingScope() != null
                || (q.groupByClause() != null && (q.groupByClause().ROLLUP() != null || q.groupByClause().CUBE() != null
                || q.groupByClause().HAVING() != null))) {
            throw malformed("the simulator supports one object in FROM and no ROLLUP, CUBE, HAVING, WITH or USING SCOPE");
        }
        String typeName = q.fromNameList().fieldName(0).getText();
        String alias = q.fromNameList().soqlId().isEmpty() ? null : q.fromNameList().soqlId(0).getText();
        if (alias != null && CLAUSES.contains(alias.toUpperCase(Locale.ROOT))) {
            // the grammar takes a clause keyword with nothing after it for an alias: Salesforce does not
            throw malformed("unexpected token: <EOF>");
        }
        SObjectType type = store.schema().type(typeName);
        if (type == null) {
            throw new SalesforceError(400, "INVALID_TYPE", "\n" + soql + "\n" + caret(soql, q.fromNameList().getStart())
                    + "sObject type '" + typeName + "' is not supported. If you are attempting to use a custom object, be sure "
                    + "to append the '__c' after the entity name. Please reference your WSDL or the describe call for the "
                    + "appropriate names.", null);
        }
        List<List<String>> fields = new ArrayList<>();
        List<SoqlAggregates.Column> columns = new ArrayList<>();
        boolean count = false;
        for (SelectEntryContext entry : q.selectList().selectEntry()) {
            var function = entry.soqlFunction();
            if (function != null && function.COUNT() != null && function.fieldName() == null
                    && q.selectList().selectEntry().size() == 1 && q.groupByClause() == null) {
                count = true;
            } else if (function != null && function.fieldName() != null && AGGREGATES.contains(function.getChild(0).getText()
                    .toUpperCase(Locale.ROOT))) {
                String name = entry.soqlId() != null ? entry.soqlId().getText() : "expr" + columns.stream()
                        .filter(c -> c.function() != null && c.name().startsWith("expr")).count();
                columns.add(new SoqlAggregates.Column(name, resolve(soql, type, function.fieldName(), alias),
                        function.getChild(0).getText().toUpperCase(Locale.ROOT)));
            } else if (entry.fieldName() != null && entry.soqlId() == null) {
                List<String> path = resolve(soql, type, entry.fieldName(), alias);
                fields.add(path);
                columns.add(new SoqlAggregates.Column(field(type, path).name(), path, null));
            } else {
                throw malformed("the simulator supports plain fields, parent fields, COUNT() and COUNT, COUNT_DISTINCT, MIN, "
                        + "MAX, SUM, AVG of a field in SELECT: " + entry.getText());
            }
        }
        SoqlAggregates aggregates = null;
        if (q.groupByClause() != null || columns.stream().anyMatch(c -> c.function() != null)) {
            List<List<String>> groupBy = new ArrayList<>();
            if (q.groupByClause() != null) {
                for (var group : q.groupByClause().fieldGroupByList().fieldGroupBy()) {
                    if (group.fieldName() == null) {
                        throw malformed("the simulator groups by fields only");
                    }
                    groupBy.add(resolve(soql, type, group.fieldName(), alias));
                }
            }
            for (List<String> path : fields) {
                if (groupBy.stream().noneMatch(g -> String.join(".", g).equalsIgnoreCase(String.join(".", path)))) {
                    throw malformed("Field must be grouped or aggregated: " + field(type, path).name());
                }
            }
            aggregates = new SoqlAggregates(columns, groupBy);
        }
        Predicate<Map<String, Object>> where = q.whereClause() == null ? r -> true
                : where(soql, type, alias, q.whereClause().whereLogicalExpression());
        Comparator<Map<String, Object>> order = null;
        if (q.orderByClause() != null) {
            for (var fieldOrder : q.orderByClause().fieldOrderList().fieldOrder()) {
                if (fieldOrder.fieldName() == null) {
                    throw malformed("the simulator orders by fields only");
                }
                List<String> path = resolve(soql, type, fieldOrder.fieldName(), alias);
                boolean descending = fieldOrder.DESC() != null;
                boolean nullsLast = fieldOrder.NULLS() != null ? fieldOrder.LAST() != null : descending;
                Comparator<Object> values = (a, b) -> compare(a, b);
                Comparator<Map<String, Object>> one = Comparator.comparing(r -> value(type, r, path),
                        nullsLast ? Comparator.nullsLast(descending ? values.reversed() : values)
                                : Comparator.nullsFirst(descending ? values.reversed() : values));
                order = order == null ? one : order.thenComparing(one);
            }
        }
        Integer limit = q.limitClause() == null ? null : integer(q.limitClause().IntegerLiteral());
        Integer offset = q.offsetClause() == null ? null : integer(q.offsetClause().IntegerLiteral());
        Lookup lookup = q.whereClause() == null ? null : lookup(soql, type, alias, q.whereClause().whereLogicalExpression());
        return new Query(type, fields, count, where, order, limit, offset, lookup, aggregates);
    }

    /** The first top-level AND term that pins an indexed field to string values, or null. */
    private Lookup lookup(String soql, SObjectType type, String alias, WhereLogicalExpressionContext ctx) {
        if (ctx.NOT() != null || !ctx.SOQLOR().isEmpty()) {
            return null;
        }
        for (WhereConditionalExpressionContext conditional : ctx.whereConditionalExpression()) {
            FieldExpressionContext comparison = conditional.whereFieldExpression() == null ? null
                    : conditional.whereFieldExpression().fieldExpression();
            if (comparison == null || comparison.fieldName() == null) {
                continue;
            }
            List<String> path = resolve(soql, type, comparison.fieldName(), alias);
            String operator = comparison.comparisonOperator().getText().toUpperCase(Locale.ROOT);
            if (path.size() != 1 || !store.indexed(path.get(0)) || !("=".equals(operator) || "IN".equals(operator))) {
                continue;
            }
            Object literal = literal(comparison.value());
            List<?> values = literal instanceof List<?> list ? list : java.util.Collections.singletonList(literal);
            // plain strings only: other literals compare by other rules than the index's lower case
            if (values.stream().allMatch(v -> v instanceof String text && text.indexOf('\\') < 0)) {
                return new Lookup(type.field(path.get(0)).name(), values.stream().map(String.class::cast).toList());
            }
        }
        return null;
    }

    private static Integer integer(org.antlr.v4.runtime.tree.TerminalNode literal) {
        if (literal == null) {
            throw malformed("LIMIT and OFFSET take a number");
        }
        return Integer.valueOf(literal.getText());
    }

    /** The field path of a field name (Email, Owner.Email), checked against the schema. */
    private List<String> resolve(String soql, SObjectType type, FieldNameContext name, String alias) {
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
                current = store.schema().type(reference.referenceTo().get(0));
            }
        }
        return path;
    }

    /** The field a path ends at (Owner.Email → User.Email). */
    private SObjectField field(SObjectType type, List<String> path) {
        SObjectType current = type;
        for (String part : path.subList(0, path.size() - 1)) {
            current = store.schema().type(current.relationship(part).referenceTo().get(0));
        }
        return current.field(path.get(path.size() - 1));
    }

    private Object value(SObjectType type, Map<String, Object> record, List<String> path) {
        if (path.size() == 1) {
            return record.get(type.field(path.get(0)).name());
        }
        SObjectField reference = type.relationship(path.get(0));
        Object parentId = record.get(reference.name());
        Map<String, Object> parent = parentId == null ? null : store.get(parentId.toString());
        return parent == null ? null : value(store.schema().byPrefix(parentId.toString()), parent, path.subList(1, path.size()));
    }

    private Predicate<Map<String, Object>> where(String soql, SObjectType type, String alias, WhereLogicalExpressionContext ctx) {
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

    private static Predicate<Map<String, Object>> combine(List<Predicate<Map<String, Object>>> parts, boolean not, boolean or) {
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
        List<String> path = resolve(soql, type, ctx.fieldName(), alias);
        var op = ctx.comparisonOperator();
        String operator = op.getText().toUpperCase(Locale.ROOT);
        Object literal = literal(ctx.value());
        checkFilterValue(field(type, path), literal);
        if (literal instanceof SoqlValues.DateRange range) {
            return r -> range.test(value(type, r, path), operator);
        }
        return switch (operator) {
            case "=" -> r -> equal(value(type, r, path), literal);
            case "!=", "<>" -> r -> !equal(value(type, r, path), literal);
            case "<" -> r -> ordered(value(type, r, path), literal, c -> c < 0);
            case "<=" -> r -> ordered(value(type, r, path), literal, c -> c <= 0);
            case ">" -> r -> ordered(value(type, r, path), literal, c -> c > 0);
            case ">=" -> r -> ordered(value(type, r, path), literal, c -> c >= 0);
            case "LIKE" -> {
                Pattern pattern = like(String.valueOf(literal));
                yield r -> {
                    Object v = value(type, r, path);
                    return v != null && pattern.matcher(v.toString()).matches();
                };
            }
            case "IN", "NOTIN" -> {
                if (!(literal instanceof List<?> list)) {
                    throw malformed("IN takes a list of values");
                }
                Set<Object> keys = new HashSet<>();
                list.forEach(item -> keys.add(key(item)));
                boolean in = "IN".equals(operator);
                yield r -> keys.contains(key(value(type, r, path))) == in;
            }
            default -> throw malformed("the simulator does not support the operator " + operator);
        };
    }

    private static SalesforceError noSuchColumn(String soql, Token at, String field, SObjectType type) {
        return new SalesforceError(400, "INVALID_FIELD", "\n" + soql + "\n" + caret(soql, at) + "No such column '" + field
                + "' on entity '" + type.name() + "'. If you are attempting to use a custom field, be sure to append the '__c' "
                + "after the custom field name. Please reference your WSDL or the describe call for the appropriate names.", null);
    }

    private static String caret(String soql, Token at) {
        int column = at.getCharPositionInLine();
        return " ".repeat(column) + "^\nERROR at Row:" + at.getLine() + ":Column:" + (column + 1) + "\n";
    }

}
