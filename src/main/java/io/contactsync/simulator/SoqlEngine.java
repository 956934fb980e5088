package io.contactsync.simulator;

import static io.contactsync.simulator.SoqlValues.compare;
import static io.contactsync.simulator.SoqlValues.malformed;

import io.github.apexdevtools.apexparser.ApexLexer;
import io.github.apexdevtools.apexparser.ApexParser;
import io.github.apexdevtools.apexparser.ApexParser.OrderByClauseContext;
import io.github.apexdevtools.apexparser.ApexParser.QueryContext;
import io.github.apexdevtools.apexparser.ApexParser.SelectEntryContext;
import io.github.apexdevtools.apexparser.ApexParser.SubQueryContext;
import io.github.apexdevtools.apexparser.CaseInsensitiveInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * The SOQL subset of the simulator, parsed with the SOQL rules of the apex-parser grammar: SELECT
 * fields, parent relationship fields (polymorphic ones through the Name pseudo-type: {@code Who.Type},
 * {@code Owner.Name}), child subqueries ({@code (SELECT Id FROM Tasks)}), COUNT(), the aggregate
 * functions with GROUP BY and HAVING, FROM one object, WHERE ({@link SoqlWhere}) with semi-joins,
 * date literals (TODAY, LAST_N_DAYS:n, …), ORDER BY, LIMIT and OFFSET.
 */
public final class SoqlEngine {

    /** A parsed query, bound to the org's schema. */
    public record Query(SObjectType type, List<List<String>> fields, boolean count, Predicate<Map<String, Object>> where,
                        Comparator<Map<String, Object>> order, Integer limit, Integer offset, Lookup lookup,
                        SoqlAggregates aggregates, List<ChildQuery> children) { }

    /** A child subquery: the children of the relationship (Tasks: the Tasks whose WhoId is the row's Id). */
    public record ChildQuery(String relationship, SObjectType type, String field, List<List<String>> fields,
                             Predicate<Map<String, Object>> where, Comparator<Map<String, Object>> order, Integer limit) { }

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
    private final SoqlPaths paths;
    private final SoqlWhere conditions;

    public SoqlEngine(OrgStore store) {
        this.store = store;
        this.paths = new SoqlPaths(store);
        this.conditions = new SoqlWhere(paths, store);
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
            matching = query.aggregates().rows(matching, (record, path) -> paths.value(query.type(), record, path));
        }
        int from = query.offset() == null ? 0 : Math.min(query.offset(), matching.size());
        int to = query.limit() == null ? matching.size() : Math.min(matching.size(), from + query.limit());
        if (query.aggregates() != null) {
            return new ArrayList<>(matching.subList(from, to));
        }
        List<Map<String, Object>> rows = new ArrayList<>(to - from);
        for (Map<String, Object> record : matching.subList(from, to)) {
            rows.add(query.count() ? null : row(query.type(), record, query.fields(), query.children(), apiVersion));
        }
        return rows;
    }

    private Map<String, Object> row(SObjectType type, Map<String, Object> record, List<List<String>> fields,
                                    List<ChildQuery> children, String version) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("attributes", OrgStore.attributes(type, version, (String) record.get("Id")));
        for (List<String> path : fields) {
            paths.put(row, type, record, path, version);
        }
        for (ChildQuery child : children) {
            row.put(child.relationship(), children(child, record.get("Id"), version));
        }
        return row;
    }

    /** A child subquery's answer for one parent: a query result of its own, or null when it has no children. */
    private Map<String, Object> children(ChildQuery child, Object parentId, String version) {
        List<Map<String, Object>> found = new ArrayList<>(store.all(child.type().name()).stream()
                .filter(r -> parentId.equals(r.get(child.field())) && child.where().test(r)).toList());
        if (child.order() != null) {
            found.sort(child.order());
        }
        if (child.limit() != null && found.size() > child.limit()) {
            found = found.subList(0, child.limit());
        }
        if (found.isEmpty()) {
            return null;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("totalSize", found.size());
        result.put("done", true);
        result.put("records", found.stream().map(r -> row(child.type(), r, child.fields(), List.of(), version)).toList());
        return result;
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
                || (q.groupByClause() != null && (q.groupByClause().ROLLUP() != null || q.groupByClause().CUBE() != null))) {
            throw malformed("the simulator supports one object in FROM and no ROLLUP, CUBE, WITH or USING SCOPE");
        }
        String typeName = q.fromNameList().fieldName(0).getText();
        String alias = q.fromNameList().soqlId().isEmpty() ? null : q.fromNameList().soqlId(0).getText();
        if (alias != null && CLAUSES.contains(alias.toUpperCase(Locale.ROOT))) {
            // the grammar takes a clause keyword with nothing after it for an alias: Salesforce does not
            throw malformed("unexpected token: <EOF>");
        }
        SObjectType type = store.schema().type(typeName);
        if (type == null) {
            throw new SalesforceError(400, "INVALID_TYPE", "\n" + soql + "\n" + SoqlPaths.caret(soql, q.fromNameList().getStart())
                    + "sObject type '" + typeName + "' is not supported. If you are attempting to use a custom object, be sure "
                    + "to append the '__c' after the entity name. Please reference your WSDL or the describe call for the "
                    + "appropriate names.", null);
        }
        List<List<String>> fields = new ArrayList<>();
        List<SoqlAggregates.Column> columns = new ArrayList<>();
        List<ChildQuery> children = new ArrayList<>();
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
                columns.add(new SoqlAggregates.Column(name, paths.resolve(soql, type, function.fieldName(), alias),
                        function.getChild(0).getText().toUpperCase(Locale.ROOT)));
            } else if (entry.fieldName() != null && entry.soqlId() == null) {
                List<String> path = paths.resolve(soql, type, entry.fieldName(), alias);
                fields.add(path);
                columns.add(new SoqlAggregates.Column(paths.field(type, path).name(), path, null));
            } else if (entry.subQuery() != null) {
                children.add(child(soql, type, entry.subQuery()));
            } else {
                throw malformed("the simulator supports plain fields, parent fields, child subqueries, COUNT() and COUNT, "
                        + "COUNT_DISTINCT, MIN, MAX, SUM, AVG of a field in SELECT: " + entry.getText());
            }
        }
        SoqlAggregates aggregates = null;
        if (q.groupByClause() != null || columns.stream().anyMatch(c -> c.function() != null)) {
            aggregates = aggregates(soql, type, alias, q, fields, columns);
        }
        Predicate<Map<String, Object>> where = q.whereClause() == null ? r -> true
                : conditions.where(soql, type, alias, q.whereClause().whereLogicalExpression());
        Comparator<Map<String, Object>> order = order(soql, type, alias, q.orderByClause());
        Integer limit = q.limitClause() == null ? null : integer(q.limitClause().IntegerLiteral());
        Integer offset = q.offsetClause() == null ? null : integer(q.offsetClause().IntegerLiteral());
        SoqlEngine.Lookup lookup = q.whereClause() == null ? null
                : conditions.lookup(soql, type, alias, q.whereClause().whereLogicalExpression());
        return new Query(type, fields, count, where, order, limit, offset, lookup, aggregates, children);
    }

    private SoqlAggregates aggregates(String soql, SObjectType type, String alias, QueryContext q, List<List<String>> fields,
                                      List<SoqlAggregates.Column> columns) {
        List<List<String>> groupBy = new ArrayList<>();
        Predicate<List<Map<String, Object>>> having = group -> true;
        if (q.groupByClause() != null) {
            for (var group : q.groupByClause().fieldGroupByList().fieldGroupBy()) {
                if (group.fieldName() == null) {
                    throw malformed("the simulator groups by fields only");
                }
                groupBy.add(paths.resolve(soql, type, group.fieldName(), alias));
            }
            if (q.groupByClause().HAVING() != null) {
                having = conditions.having(soql, type, alias, q.groupByClause().logicalExpression());
            }
        }
        for (List<String> path : fields) {
            if (groupBy.stream().noneMatch(g -> String.join(".", g).equalsIgnoreCase(String.join(".", path)))) {
                throw malformed("Field must be grouped or aggregated: " + paths.field(type, path).name());
            }
        }
        return new SoqlAggregates(columns, groupBy, having);
    }

    /** A child subquery of SELECT, named by a child relationship of the queried object. */
    private ChildQuery child(String soql, SObjectType parent, SubQueryContext sub) {
        String relationship = sub.fromNameList().fieldName(0).getText();
        SObjectType.Child child = parent.child(relationship);
        if (child == null) {
            throw new SalesforceError(400, "INVALID_TYPE", "\n" + soql + "\n" + SoqlPaths.caret(soql, sub.fromNameList().getStart())
                    + "Didn't understand relationship '" + relationship + "' in FROM part of query call. If you are attempting to "
                    + "use a custom relationship, be sure to append the '__r' after the custom relationship name. Please "
                    + "reference your WSDL or the describe call for the appropriate names.", null);
        }
        SObjectType type = store.schema().type(child.childType());
        List<List<String>> fields = new ArrayList<>();
        for (var entry : sub.subFieldList().subFieldEntry()) {
            if (entry.fieldName() == null) {
                throw malformed("the simulator supports plain and parent fields in a child subquery");
            }
            fields.add(paths.resolve(soql, type, entry.fieldName(), null));
        }
        Predicate<Map<String, Object>> where = sub.whereClause() == null ? r -> true
                : conditions.where(soql, type, null, sub.whereClause().whereLogicalExpression());
        Integer limit = sub.limitClause() == null ? null : integer(sub.limitClause().IntegerLiteral());
        return new ChildQuery(child.relationshipName(), type, child.field(), fields, where,
                order(soql, type, null, sub.orderByClause()), limit);
    }

    private Comparator<Map<String, Object>> order(String soql, SObjectType type, String alias, OrderByClauseContext clause) {
        if (clause == null) {
            return null;
        }
        Comparator<Map<String, Object>> order = null;
        for (var fieldOrder : clause.fieldOrderList().fieldOrder()) {
            if (fieldOrder.fieldName() == null) {
                throw malformed("the simulator orders by fields only");
            }
            List<String> path = paths.resolve(soql, type, fieldOrder.fieldName(), alias);
            boolean descending = fieldOrder.DESC() != null;
            boolean nullsLast = fieldOrder.NULLS() != null ? fieldOrder.LAST() != null : descending;
            Comparator<Object> values = (a, b) -> compare(a, b);
            Comparator<Map<String, Object>> one = Comparator.comparing(r -> paths.value(type, r, path),
                    nullsLast ? Comparator.nullsLast(descending ? values.reversed() : values)
                            : Comparator.nullsFirst(descending ? values.reversed() : values));
            order = order == null ? one : order.thenComparing(one);
        }
        return order;
    }

    private static Integer integer(org.antlr.v4.runtime.tree.TerminalNode literal) {
        if (literal == null) {
            throw malformed("LIMIT and OFFSET take a number");
        }
        return Integer.valueOf(literal.getText());
    }
}
