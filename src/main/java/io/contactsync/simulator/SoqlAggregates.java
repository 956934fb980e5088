package io.contactsync.simulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * An aggregate query's SELECT list and GROUP BY: one AggregateResult row per group (one in all
 * without GROUP BY), the grouped fields under their names and each aggregate function
 * (COUNT, COUNT_DISTINCT, MIN, MAX, SUM, AVG of a field) under its alias or {@code expr0}, {@code expr1}, …;
 * HAVING keeps the groups whose records pass it.
 */
final class SoqlAggregates {

    /** A SELECT entry: a grouped field (function null) or an aggregate function of a field. */
    record Column(String name, List<String> path, String function) { }

    private final List<Column> columns;
    private final List<List<String>> groupBy;
    private final Predicate<List<Map<String, Object>>> having;

    SoqlAggregates(List<Column> columns, List<List<String>> groupBy, Predicate<List<Map<String, Object>>> having) {
        this.columns = columns;
        this.groupBy = groupBy;
        this.having = having;
    }

    /** The rows of the records that matched, grouped in the order their groups first appear. */
    List<Map<String, Object>> rows(List<Map<String, Object>> records, BiFunction<Map<String, Object>, List<String>, Object> value) {
        Map<List<Object>, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        if (groupBy.isEmpty()) {
            groups.put(List.of(), records);
        }
        for (Map<String, Object> record : groupBy.isEmpty() ? List.<Map<String, Object>>of() : records) {
            List<Object> key = new ArrayList<>();
            groupBy.forEach(path -> key.add(SoqlValues.key(value.apply(record, path))));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Map<String, Object>> group : groups.values()) {
            if (!having.test(group)) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("attributes", Map.of("type", "AggregateResult"));
            for (Column column : columns) {
                row.put(column.name(), column.function() == null ? value.apply(group.get(0), column.path())
                        : aggregate(column, group, value));
            }
            rows.add(row);
        }
        return rows;
    }

    static Object aggregate(Column column, List<Map<String, Object>> group,
                                    BiFunction<Map<String, Object>, List<String>, Object> value) {
        List<Object> values = new ArrayList<>();
        for (Map<String, Object> record : group) {
            Object v = value.apply(record, column.path());
            if (v != null) {
                values.add(v);
            }
        }
        switch (column.function()) {
            case "COUNT" -> {
                return values.size();
            }
            case "COUNT_DISTINCT" -> {
                Set<Object> distinct = new HashSet<>();
                values.forEach(v -> distinct.add(SoqlValues.key(v)));
                return distinct.size();
            }
            case "MIN", "MAX" -> {
                Object best = null;
                for (Object v : values) {
                    int c = best == null ? 0 : SoqlValues.compare(v, best);
                    if (best == null || ("MIN".equals(column.function()) ? c < 0 : c > 0)) {
                        best = v;
                    }
                }
                return best;
            }
            case "SUM", "AVG" -> {
                if (values.isEmpty()) {
                    return null;
                }
                BigDecimal sum = BigDecimal.ZERO;
                for (Object v : values) {
                    sum = sum.add(new BigDecimal(v.toString()));
                }
                return "SUM".equals(column.function()) ? sum.doubleValue() : sum.doubleValue() / values.size();
            }
            default -> throw SoqlValues.malformed("the simulator does not support the function " + column.function());
        }
    }
}
