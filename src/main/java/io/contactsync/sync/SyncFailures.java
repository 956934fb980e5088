package io.contactsync.sync;

import io.contactsync.mapping.MappingException;
import io.contactsync.salesforce.SalesforceStatus;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What a failure means for the contacts it hit. Passing faults (503, UNABLE_TO_LOCK_ROW, timeouts) are
 * tried again while each contact's retry budget lasts ({@code contactsync.retry.max-redeliveries}); a
 * contact that used it fails with the fault and is sent again later. When Salesforce's allowance is used
 * up or the login fails the contacts wait as PENDING; any other failure fails them with the reason.
 * Nothing a failure hits stays claimed.
 */
@Component("syncFailures")
public class SyncFailures {

    private static final Pattern RAW_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"([^\"]*)\"");
    private static final String CHARGED = "syncFailureCharged";

    private final SalesforceStatus status;
    private final int maxRedeliveries;

    public SyncFailures(SalesforceStatus status, @Value("${contactsync.retry.max-redeliveries:4}") int maxRedeliveries) {
        this.status = status;
        this.maxRedeliveries = maxRedeliveries;
    }

    /**
     * The {@code retryWhile} of a chunk's passing faults. Each failure costs one try of the budget of
     * every open contact it hit (a whole failed call: all open ones; records refused for a passing reason:
     * just those); a contact that used its budget fails with the fault. Answers whether any contact is
     * left to try again.
     */
    public boolean retryWhile(SyncChunk chunk, Exception exception, Exchange exchange) {
        if (chunk == null) {
            return exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) < maxRedeliveries;
        }
        // the error handler may ask more than once about one failure: charge it once
        if (exchange.getProperty(CHARGED) != exception) {
            exchange.setProperty(CHARGED, exception);
            boolean someRecords = exception instanceof RetryableRecordsException;
            String code = code(exception);
            String message = message(exception);
            chunk.open().filter(item -> !someRecords || item.retryable()).forEach(item -> {
                item.passingFault(someRecords ? item.errorCode() : code, someRecords ? item.errorMessage() : message);
                if (item.retries() >= maxRedeliveries) {
                    item.giveUp();
                } else {
                    item.retry();
                }
            });
        }
        return chunk.hasOpen();
    }

    /** Settles every open contact of the chunk after a failure, so that none stays claimed. */
    public SyncChunk settle(SyncChunk chunk, Exception exception) {
        String code = code(exception);
        String message = message(exception);
        boolean loginFails = status.isLoginError(exception);
        boolean passing = passing(exception);
        status.observeFailure(exception);
        chunk.open().forEach(item -> {
            if (loginFails) {
                item.postpone("SALESFORCE_LOGIN_FAILED", "Salesforce login fails; will be sent again: " + message);
            } else if ("REQUEST_LIMIT_EXCEEDED".equals(code)) {
                item.postpone(code, "Salesforce API allowance used up; will be sent again: " + message);
            } else if (item.retryable()) {
                item.giveUp();
            } else if (passing) {
                item.passingFault(code, message);
                item.giveUp();
            } else {
                item.fail(code, message);
            }
        });
        return chunk;
    }

    /** Settles the open contacts of every chunk of a run (push, drain, retry) that failed outside a chunk. */
    public List<SyncChunk> settleAll(List<SyncChunk> chunks, Exception exception) {
        if (chunks == null) {
            return List.of();
        }
        chunks.forEach(chunk -> settle(chunk, exception));
        return chunks;
    }

    /** A fault that passes: trying again later may succeed. */
    public boolean passing(Throwable exception) {
        if (status.isLoginError(exception)) {
            return false;
        }
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof RetryableRecordsException || t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof SalesforceException sf) {
                String code = SalesforceStatus.errorCode(sf);
                if ("REQUEST_LIMIT_EXCEEDED".equals(code)) {
                    return false;
                }
                return sf.getStatusCode() >= 500 || sf.getStatusCode() == 0 || Delivery.TRANSIENT.contains(code);
            }
        }
        return false;
    }

    public static String code(Throwable exception) {
        Throwable cause = cause(exception);
        if (cause instanceof MappingException) {
            return RecordMapper.MAPPING_INVALID;
        }
        if (cause instanceof SalesforceException sf) {
            String code = SalesforceStatus.errorCode(sf);
            return code != null ? code : sf.getStatusCode() > 0 ? "HTTP_" + sf.getStatusCode() : "SALESFORCE_UNREACHABLE";
        }
        if (cause instanceof RetryableRecordsException) {
            return "RETRIES_EXHAUSTED";
        }
        if (cause instanceof IOException || cause instanceof TimeoutException) {
            return "SALESFORCE_UNREACHABLE";
        }
        return "INTERNAL_ERROR";
    }

    /** What a person reads: Salesforce's own message, or what went wrong in words, never a class name alone. */
    public static String message(Throwable exception) {
        Throwable cause = cause(exception);
        if (cause instanceof MappingException mapping) {
            return mapping.summary();
        }
        if (cause instanceof SalesforceException sf) {
            if (sf.getErrors() != null && !sf.getErrors().isEmpty()) {
                RestError error = sf.getErrors().get(0);
                return error.getMessage() + (error.getFields() == null || error.getFields().isEmpty() ? "" : " " + error.getFields());
            }
            Matcher m = sf.getMessage() == null ? null : RAW_MESSAGE.matcher(sf.getMessage());
            if (m != null && m.find()) {
                return m.group(1);
            }
        }
        String message = firstLine(cause.getMessage());
        if (cause instanceof IOException || cause instanceof TimeoutException) {
            return "Salesforce could not be reached" + (message == null ? "" : ": " + message);
        }
        if (cause instanceof SalesforceException || cause instanceof RetryableRecordsException) {
            return message == null ? "Salesforce refused the call" : message;
        }
        return "contact-sync could not process the contact" + (message == null ? "" : ": " + message);
    }

    /** The failure itself beneath Camel's wrappers (a bean or expression that threw). */
    private static Throwable cause(Throwable exception) {
        Throwable t = exception;
        while (t.getCause() != null && t.getCause() != t
                && (t instanceof org.apache.camel.RuntimeCamelException || t instanceof org.apache.camel.CamelExecutionException
                || t instanceof java.lang.reflect.InvocationTargetException)) {
            t = t.getCause();
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SalesforceException || c instanceof MappingException) {
                return c;
            }
        }
        return t;
    }

    private static String firstLine(String message) {
        return message == null || message.isBlank() ? null : message.lines().findFirst().orElse(message);
    }
}
