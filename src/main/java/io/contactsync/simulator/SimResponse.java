package io.contactsync.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An answer: status, a JSON-able body (or a String sent as is), headers, and how many records it carried. */
record SimResponse(int status, Object body, Map<String, String> headers, int records) {

    static SimResponse json(int status, Object body) {
        return new SimResponse(status, body, Map.of(), 0);
    }

    static SimResponse text(int status, String text) {
        return new SimResponse(status, text, Map.of("Content-Type", "text/plain"), 0);
    }

    static SimResponse noContent(int records) {
        return new SimResponse(204, null, Map.of(), records);
    }

    static SimResponse error(SalesforceError e) {
        if (e.status() == 300) {
            return json(300, e.asError().get("urls"));
        }
        return json(e.status(), List.of(e.asError()));
    }

    SimResponse withRecords(int count) {
        return new SimResponse(status, body, headers, count);
    }

    SimResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new SimResponse(status, body, more, records);
    }
}
