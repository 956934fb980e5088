package io.contactsync.salesforce;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * SOQL text built only from escaped literals, and IN lists split so that no query URL grows past
 * the size Salesforce accepts for a request line plus headers.
 */
public final class Soql {

    private Soql() { }

    /** A SOQL string literal: quotes, backslashes and control characters escaped as SOQL defines. */
    public static String literal(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(ch);
            }
        }
        return out.append('\'').toString();
    }

    /**
     * Queries of the form {@code prefix IN ('a','b',…) suffix}, as few as possible, each of whose
     * URL-encoded text stays within {@code maxEncodedBytes}.
     */
    public static List<String> inQueries(String prefix, Collection<String> values, String suffix, int maxEncodedBytes) {
        return split(prefix, values, suffix, maxEncodedBytes, Soql::encodedLength);
    }

    /**
     * The same, measured in characters of the statement: for SOQL carried in a request body (a Composite
     * query subrequest), which Salesforce limits to {@link #MAX_STATEMENT} characters.
     */
    public static List<String> inStatements(String prefix, Collection<String> values, String suffix, int maxCharacters) {
        return split(prefix, values, suffix, maxCharacters, String::length);
    }

    /** Salesforce's limit on a SOQL statement's length. */
    public static final int MAX_STATEMENT = 100_000;
    /** Salesforce's limit on one string literal in a WHERE clause. */
    public static final int MAX_LITERAL = 4_000;

    private static List<String> split(String prefix, Collection<String> values, String suffix, int maxEncodedBytes,
                                      java.util.function.ToIntFunction<String> measure) {
        int fixed = measure.applyAsInt(prefix + " IN ()" + suffix);
        if (fixed >= maxEncodedBytes) {
            throw new IllegalArgumentException("query frame alone exceeds " + maxEncodedBytes);
        }
        List<String> queries = new ArrayList<>();
        StringBuilder list = new StringBuilder();
        int used = fixed;
        for (String value : values) {
            if (value.length() > MAX_LITERAL) {
                throw new IllegalArgumentException("a value is longer than a SOQL string literal may be: " + value.length()
                        + " characters");
            }
            String literal = literal(value);
            int cost = measure.applyAsInt(literal) + (list.isEmpty() ? 0 : measure.applyAsInt(","));
            if (fixed + measure.applyAsInt(literal) > maxEncodedBytes) {
                throw new IllegalArgumentException("a single value is too long for one query: " + value.length() + " characters");
            }
            if (used + cost > maxEncodedBytes) {
                queries.add(prefix + " IN (" + list + ")" + suffix);
                list.setLength(0);
                used = fixed;
                cost = measure.applyAsInt(literal);
            }
            if (!list.isEmpty()) {
                list.append(',');
            }
            list.append(literal);
            used += cost;
        }
        if (!list.isEmpty()) {
            queries.add(prefix + " IN (" + list + ")" + suffix);
        }
        return queries;
    }

    static int encodedLength(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).length();
    }
}
