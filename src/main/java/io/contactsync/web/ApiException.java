package io.contactsync.web;

/** A request the API refuses: the HTTP status, the field at fault (if any) and why. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String field;

    public ApiException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, null, message);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
