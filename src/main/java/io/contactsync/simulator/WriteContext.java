package io.contactsync.simulator;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One save: who writes, in which API version, with which of Salesforce's request headers, and the
 * ids of the records written by it so far (the duplicate rule does not compare records of the same save).
 */
record WriteContext(String userId, String apiVersion, boolean autoAssign, boolean allowDuplicateSave, Set<String> saved) {

    /** The context of a REST request: {@code Sforce-Auto-Assign} and {@code Sforce-Duplicate-Rule-Header} read. */
    static WriteContext of(SimRequest request, String userId) {
        String autoAssign = request.header("Sforce-Auto-Assign");
        String duplicates = request.header("Sforce-Duplicate-Rule-Header");
        return new WriteContext(userId, request.version(),
                autoAssign == null || !autoAssign.trim().equalsIgnoreCase("FALSE"),
                duplicates != null && duplicates.replace(" ", "").toLowerCase(Locale.ROOT).contains("allowsave=true"),
                new HashSet<>());
    }

    /** A user saving in the Salesforce UI: no assignment rule unless asked, duplicate alerts acknowledged. */
    static WriteContext user(String userId) {
        return new WriteContext(userId, "64.0", false, true, new HashSet<>());
    }
}
