package io.contactsync.mapping;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Field values compared the same way on both sides of the two-way sync: a value this service pushed,
 * the one Salesforce answers in a query, the one a contact holds. Empty text is no value; numbers
 * compare by value (42 and 42.0); dates by their ISO text.
 */
public final class SyncedValues {

    private SyncedValues() { }

    /** The comparable form of a value: null, or its text. */
    public static String normal(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            try {
                return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return n.toString();
            }
        }
        String text = value.toString();
        return text.isEmpty() ? null : text;
    }

    public static boolean same(Object a, Object b) {
        return java.util.Objects.equals(normal(a), normal(b));
    }

    /** A digest of field values, independent of their order; empty values count as absent. */
    public static String hash(Map<String, ?> values) {
        TreeMap<String, String> sorted = new TreeMap<>();
        values.forEach((k, v) -> {
            String n = normal(v);
            if (n != null) {
                sorted.put(k, n);
            }
        });
        StringBuilder text = new StringBuilder();
        sorted.forEach((k, v) -> text.append(k).append('\u0000').append(v).append('\u0001'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
