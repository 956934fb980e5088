package io.contactsync.sync;

/** Salesforce refused some records of a chunk for a passing reason; redelivery sends just those again. */
public class RetryableRecordsException extends RuntimeException {

    public RetryableRecordsException(String message) {
        super(message);
    }
}
