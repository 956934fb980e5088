package io.contactsync.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Reads request bodies strictly: malformed JSON, unknown fields and wrong types become a 400 naming the field. */
@Component("requestReader")
public class RequestReader {

    private final ObjectMapper json;

    public RequestReader(ObjectMapper json) {
        this.json = json.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }

    public JsonNode tree(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest(null, "the request body is empty; JSON expected");
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(null, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    public <T> T read(JsonNode node, Class<T> type, String where) {
        ObjectReader reader = json.readerFor(type);
        try {
            return reader.readValue(node);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest(path(where, e), "unknown field '" + e.getPropertyName() + "'");
        } catch (InvalidFormatException e) {
            throw ApiException.badRequest(path(where, e), "'" + e.getValue() + "' is not a valid "
                    + e.getTargetType().getSimpleName());
        } catch (MismatchedInputException e) {
            throw ApiException.badRequest(path(where, e), "wrong type: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiException.badRequest(where, "unreadable: " + e.getMessage());
        }
    }

    private static String path(String where, MismatchedInputException e) {
        List<String> parts = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.toList());
        String inner = String.join(".", parts).replace(".[", "[");
        return where == null || where.isEmpty() ? inner : inner.isEmpty() ? where : where + "." + inner;
    }
}
