package io.contactsync.simulator;

import java.util.Locale;
import java.util.Map;

/**
 * One request as the handlers see it: the method (a POST's {@code _HttpMethod} already applied),
 * the decoded path and query, header names in lower case, the body and the API version of a data call.
 */
record SimRequest(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body,
                  String version) {

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    SimRequest withVersion(String apiVersion) {
        return new SimRequest(method, path, query, headers, body, apiVersion);
    }
}
