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
        int fixed = encodedLength(prefix + " IN ()" + suffix);
        if (fixed >= maxEncodedBytes) {
            throw new IllegalArgumentException("query frame alone exceeds " + maxEncodedBytes + " bytes");
        }
        List<String> queries = new ArrayList<>();
        StringBuilder list = new StringBuilder();
        int used = fixed;
        for (String value : values) {
            String literal = literal(value);
            int cost = encodedLength(literal) + (list.isEmpty() ? 0 : encodedLength(","));
            if (fixed + encodedLength(literal) > maxEncodedBytes) {
                throw new IllegalArgumentException("a single value is too long for one query: " + value.length() + " characters");
            }
            if (used + cost > maxEncodedBytes) {
                queries.add(prefix + " IN (" + list + ")" + suffix);
                list.setLength(0);
                used = fixed;
                cost = encodedLength(literal);
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
