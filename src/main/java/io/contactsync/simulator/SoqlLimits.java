package io.contactsync.simulator;

/**
 * The size limits Salesforce puts on a SOQL statement itself, whatever carries it: at most 100,000
 * characters, and at most 4,000 characters in any one string literal. A plain GET meets the 16,384-byte
 * URI limit long before; a query inside a Composite request carries its SOQL in the JSON body and meets these.
 */
final class SoqlLimits {

    static final int MAX_STATEMENT = 100_000;
    static final int MAX_LITERAL = 4_000;

    private SoqlLimits() { }

    static void check(String soql) {
        if (soql == null) {
            return;
        }
        if (soql.length() > MAX_STATEMENT) {
            throw new SalesforceError(400, "MALFORMED_QUERY", "SOQL statements cannot be longer than " + MAX_STATEMENT
                    + " characters", null);
        }
        int literal = -1;
        for (int i = 0; i < soql.length(); i++) {
            char ch = soql.charAt(i);
            if (literal < 0) {
                if (ch == '\'') {
                    literal = 0;
                }
            } else if (ch == '\\') {
                i++;
                literal++;
            } else if (ch == '\'') {
                literal = -1;
            } else if (++literal > MAX_LITERAL) {
                throw new SalesforceError(400, "MALFORMED_QUERY", "String literal exceeds the maximum length of "
                        + MAX_LITERAL + " characters", null);
            }
        }
    }
}
