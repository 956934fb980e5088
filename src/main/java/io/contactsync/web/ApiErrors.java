package io.contactsync.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** JSON bodies of the API's short answers: errors and "created". */
@Component("apiErrors")
public class ApiErrors {

    /** The error answer; a refusal may come wrapped, e.g. in the conversion of a body that failed to read. */
    public Map<String, Object> body(Exception exception) {
        Map<String, Object> body = new LinkedHashMap<>();
        ApiException api = refusal(exception);
        if (api != null) {
            body.put("status", api.status());
            body.put("error", api.getMessage());
            if (api.field() != null && !api.field().isEmpty()) {
                body.put("field", api.field());
            }
        } else {
            body.put("status", 500);
            // nothing of the exception: its class and message belong to the service log
            body.put("error", "internal error; see the service log");
        }
        return body;
    }

    private static ApiException refusal(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }

    public Map<String, Object> created(List<Long> ids) {
        return Map.of("ids", ids, "count", ids.size());
    }
}
