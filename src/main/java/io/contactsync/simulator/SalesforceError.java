package io.contactsync.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An error as Salesforce reports it: an HTTP status and {@code [{"message","errorCode","fields"}]}. */
public class SalesforceError extends RuntimeException {

    private final int status;
    private final String errorCode;
    private final List<String> fields;
    private final Map<String, Object> extra;

    public SalesforceError(int status, String errorCode, String message, List<String> fields) {
        this(status, errorCode, message, fields, Map.of());
    }

    public SalesforceError(int status, String errorCode, String message, List<String> fields, Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.fields = fields;
        this.extra = extra;
    }

    public int status() { return status; }
    public String errorCode() { return errorCode; }

    /** The error object of a REST answer; {@code fields} only when the error names some. */
    public Map<String, Object> asError() {
        Map<String, Object> error = new LinkedHashMap<>(extra);
        error.put("message", getMessage());
        error.put("errorCode", errorCode);
        if (fields != null) {
            error.put("fields", fields);
        }
        return error;
    }

    /** The error object inside an sObject Collections result, where {@code statusCode} stands for errorCode. */
    public Map<String, Object> asCollectionError() {
        Map<String, Object> error = new LinkedHashMap<>(extra);
        error.put("statusCode", errorCode);
        error.put("message", getMessage());
        error.put("fields", fields == null ? List.of() : fields);
        return error;
    }

    static SalesforceError notFound() {
        return new SalesforceError(404, "NOT_FOUND", "The requested resource does not exist", null);
    }
}
