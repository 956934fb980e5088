package io.contactsync.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Reads request bodies strictly: malformed JSON, anything after the value, duplicate or unknown
 * fields, wrong types (no coercion: a number is no text, 1.9 no whole number) and text holding a null
 * character become a 400 naming the field, in words rather than Java types.
 */
@Component("requestReader")
public class RequestReader {

    private final ObjectMapper json;

    @SuppressWarnings("deprecation") // the copy is configured in place; a builder would drop the shared modules' setup
    public RequestReader(ObjectMapper json) {
        this.json = json.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // strings stay strings: 123 or true is no firstName (scalars to numbers are off above)
        this.json.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // "" is no date, number or flag
        this.json.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }

    public JsonNode tree(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest(null, "the request body is empty; JSON expected");
        }
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (MismatchedInputException e) {
            // the only mismatch a tree knows: a second value after the first
            throw ApiException.badRequest(null, "malformed JSON: more follows after the end of the JSON value");
        } catch (JsonProcessingException e) {
            String where = e.getProcessor() instanceof JsonParser parser ? path(parser.getParsingContext()) : null;
            throw ApiException.badRequest(where, "malformed JSON: " + words(e.getOriginalMessage()));
        }
        checkTree(tree, "");
        return tree;
    }

    public <T> T read(JsonNode node, Class<T> type, String where) {
        ObjectReader reader = json.readerFor(type);
        try {
            return reader.readValue(node);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest(path(where, e), "unknown field '" + e.getPropertyName() + "'");
        } catch (MismatchedInputException e) {
            String field = path(where, e);
            JsonNode given = at(node, e);
            String got = e instanceof InvalidFormatException invalid && invalid.getValue() instanceof String text
                    ? "'" + text + "'" : describe(given);
            throw ApiException.badRequest(field, (field.isEmpty() ? "" : field + ": ") + "expected "
                    + expected(e.getTargetType()) + ", got " + got);
        } catch (IOException e) {
            throw ApiException.badRequest(where, (where == null || where.isEmpty() ? "" : where + ": ")
                    + "unreadable: " + words(e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage()));
        }
    }

    /** The value as JSON text, e.g. to measure it. */
    public String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(null, "unreadable: " + words(e.getOriginalMessage()));
        }
    }

    /**
     * Where in a body the text that broke off belongs: the field a parser had reached when the text
     * ends (a body cut at a byte that is not UTF-8), or null.
     */
    public String fieldAtEnd(String text) {
        String where = null;
        try (JsonParser parser = json.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                where = path(parser.getParsingContext());
            }
        } catch (IOException e) {
            // the text breaks off: where is as far as the parser came
        }
        return where == null || where.isEmpty() ? null : where;
    }

    /** Null characters and halves of surrogate pairs: PostgreSQL and Salesforce take neither. */
    public void checkText(JsonNode node, String where) {
        checkTree(node, where == null ? "" : where);
    }

    private static void checkTree(JsonNode node, String where) {
        if (node.isTextual()) {
            checkText(node.textValue(), where);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String inner = where.isEmpty() ? field.getKey() : where + "." + field.getKey();
                checkText(field.getKey(), inner);
                checkTree(field.getValue(), inner);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkTree(node.get(i), where + "[" + i + "]");
            }
        }
    }

    private static void checkText(String text, String where) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String problem = null;
            if (c == 0) {
                problem = "the null character (\\u0000) is not allowed in text";
            } else if (Character.isHighSurrogate(c) && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                problem = "half a surrogate pair (\\u" + Integer.toHexString(c) + ") is no character";
            }
            if (problem != null) {
                throw ApiException.badRequest(where.isEmpty() ? null : where,
                        (where.isEmpty() ? "" : where + ": ") + problem + " (at character " + i + ")");
            }
        }
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "text";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == java.time.LocalDate.class) {
            return "a date (yyyy-mm-dd)";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a date and time (ISO 8601)";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "something else";
        }
        if (node.isTextual()) {
            return node.textValue().length() <= 40 ? "text '" + node.textValue() + "'" : "text";
        }
        if (node.isIntegralNumber()) {
            return "a number";
        }
        if (node.isNumber()) {
            return "a decimal number (" + node.asText() + ")";
        }
        if (node.isBoolean()) {
            return node.asText();
        }
        if (node.isNull()) {
            return "null";
        }
        return node.isArray() ? "an array" : "an object";
    }

    /** The node the exception's path points at inside the node that was bound. */
    private static JsonNode at(JsonNode node, JsonMappingException e) {
        JsonNode current = node;
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (current == null) {
                return null;
            }
            current = ref.getFieldName() != null ? current.get(ref.getFieldName()) : current.get(ref.getIndex());
        }
        return current;
    }

    /** Jackson's words without the Java types and settings some of its messages name. */
    static String words(String message) {
        if (message == null) {
            return "unreadable";
        }
        String text = message.replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "")
                .replaceAll("\\s*\\[Source:[^\\]]*\\]", "")
                .replaceAll("\\s*\\([^()`]*`[^`]*`[^()]*\\)", "")
                .replaceAll("`[^`]*`", "the value");
        return text.replaceAll("\\b(java|javax|com\\.fasterxml)\\.[\\w.$]+", "the value").strip();
    }

    private static String path(String where, JsonMappingException e) {
        StringBuilder inner = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                inner.append(inner.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else {
                inner.append('[').append(ref.getIndex()).append(']');
            }
        }
        String field = inner.toString();
        return where == null || where.isEmpty() ? field : field.isEmpty() ? where : where + (field.startsWith("[") ? "" : ".") + field;
    }

    /** A parser's position as a field path: {@code [3].email}, {@code custom.size}; null at the top. */
    private static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            String part = c.inArray() ? "[" + Math.max(c.getCurrentIndex(), 0) + "]"
                    : c.getCurrentName() == null ? "" : c.getCurrentName();
            if (!path.isEmpty() && !part.isEmpty() && path.charAt(0) != '[') {
                part = part + ".";
            }
            path.insert(0, part);
        }
        return path.isEmpty() ? null : path.toString();
    }
}
