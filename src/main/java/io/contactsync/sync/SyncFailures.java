package io.contactsync.sync;

import io.contactsync.mapping.MappingException;
import io.contactsync.salesforce.SalesforceStatus;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.springframework.stereotype.Component;

/**
 * Settles the contacts a failed step left open, so that none stays claimed: when Salesforce's daily
 * allowance is used up or the login fails they wait as PENDING, otherwise they fail with the reason.
 */
@Component("syncFailures")
public class SyncFailures {

    private final SalesforceStatus status;

    public SyncFailures(SalesforceStatus status) {
        this.status = status;
    }

    public SyncChunk settle(SyncChunk chunk, Exception exception) {
        String code = code(exception);
        String message = message(exception);
        boolean loginFails = status.isLoginError(exception);
        status.observeFailure(exception);
        chunk.open().forEach(item -> {
            if (loginFails) {
                item.postpone("SALESFORCE_LOGIN_FAILED", "Salesforce login fails; will be sent again: " + message);
            } else if ("REQUEST_LIMIT_EXCEEDED".equals(code)) {
                item.postpone(code, "Salesforce API allowance used up; will be sent again: " + message);
            } else if (item.retryable()) {
                item.giveUp();
            } else {
                item.fail(code, message);
            }
        });
        return chunk;
    }

    public static String code(Throwable exception) {
        if (exception instanceof MappingException) {
            return RecordMapper.MAPPING_INVALID;
        }
        if (exception instanceof SalesforceException sf) {
            if (sf.getErrors() != null && !sf.getErrors().isEmpty()) {
                return sf.getErrors().get(0).getErrorCode();
            }
            return sf.getStatusCode() > 0 ? "HTTP_" + sf.getStatusCode() : "SALESFORCE_ERROR";
        }
        if (exception instanceof RetryableRecordsException) {
            return "RETRIES_EXHAUSTED";
        }
        return exception.getClass().getSimpleName();
    }

    public static String message(Throwable exception) {
        if (exception instanceof MappingException mapping) {
            return mapping.summary();
        }
        if (exception instanceof SalesforceException sf && sf.getErrors() != null && !sf.getErrors().isEmpty()) {
            RestError error = sf.getErrors().get(0);
            return error.getMessage() + (error.getFields() == null || error.getFields().isEmpty() ? "" : " " + error.getFields());
        }
        String message = exception.getMessage();
        return message == null ? exception.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
