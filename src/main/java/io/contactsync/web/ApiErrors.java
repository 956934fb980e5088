package io.contactsync.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** JSON bodies of the API's short answers: errors and "created". */
@Component("apiErrors")
public class ApiErrors {

    public Map<String, Object> body(Exception exception) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (exception instanceof ApiException api) {
            body.put("status", api.status());
            body.put("error", api.getMessage());
            if (api.field() != null && !api.field().isEmpty()) {
                body.put("field", api.field());
            }
        } else {
            body.put("status", 500);
            // the class only: messages of unexpected errors may carry internals
            body.put("error", "internal error (" + exception.getClass().getSimpleName() + "); see the service log");
        }
        return body;
    }

    public Map<String, Object> created(List<Long> ids) {
        return Map.of("ids", ids, "count", ids.size());
    }
}
