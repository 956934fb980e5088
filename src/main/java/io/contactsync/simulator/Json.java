package io.contactsync.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Request bodies read as Salesforce's JSON parser reads them, with its JSON_PARSER_ERROR answers. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() { }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(SimRequest request) {
        Object body = parse(request.body());
        if (!(body instanceof Map<?, ?>)) {
            throw new SalesforceError(400, "JSON_PARSER_ERROR", "Cannot deserialize instance of object from "
                    + (body instanceof List<?> ? "START_ARRAY" : "VALUE") + " value", null);
        }
        return (Map<String, Object>) body;
    }

    static Object parse(byte[] body) {
        if (body.length == 0) {
            throw new SalesforceError(400, "JSON_PARSER_ERROR", "The HTTP entity body is required, but this request has no "
                    + "entity body.", null);
        }
        try {
            return MAPPER.readValue(body, Object.class);
        } catch (IOException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new SalesforceError(400, "JSON_PARSER_ERROR", message, null);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> records(Object value) {
        if (!(value instanceof List<?> list) || list.stream().anyMatch(item -> !(item instanceof Map<?, ?>))) {
            throw new SalesforceError(400, "JSON_PARSER_ERROR", "records must be a list of objects", null);
        }
        return (List<Map<String, Object>>) list;
    }

    static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
