package io.contactsync.simulator;

/**
 * Salesforce record ids: a 3-character key prefix, 12 base-62 characters, and the 3-character
 * suffix that encodes which of the first 15 characters are upper case.
 */
public final class SalesforceIds {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private SalesforceIds() { }

    /** The 18-character id number {@code n} of the object with the given key prefix. */
    public static String id(String prefix, long n) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            body.insert(0, BASE62.charAt((int) (n % 62)));
            n /= 62;
        }
        String id15 = prefix + "5g0" + body;
        return id15 + suffix(id15);
    }

    /** The 18-character form of a 15- or 18-character id, or null when it is not a well-formed id. */
    public static String normalize(String id) {
        if (id == null || !(id.length() == 15 || id.length() == 18) || !id.chars().allMatch(c -> BASE62.indexOf(c) >= 0)) {
            return null;
        }
        String id15 = id.substring(0, 15);
        String full = id15 + suffix(id15);
        return id.length() == 15 || full.equals(id) ? full : null;
    }

    /** The 18-character id of a record of the type (any type when null), or MALFORMED_ID. */
    static String require(String id, SObjectType type) {
        String full = normalize(id);
        if (full == null || (type != null && !full.startsWith(type.keyPrefix()))) {
            throw new SalesforceError(400, "MALFORMED_ID", (type == null ? "Record" : type.name()) + " ID: id value of incorrect type: "
                    + id, java.util.List.of("Id"));
        }
        return full;
    }

    static String suffix(String id15) {
        StringBuilder suffix = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char ch = id15.charAt(chunk * 5 + i);
                if (ch >= 'A' && ch <= 'Z') {
                    bits |= 1 << i;
                }
            }
            suffix.append(SUFFIX.charAt(bits));
        }
        return suffix.toString();
    }
}
