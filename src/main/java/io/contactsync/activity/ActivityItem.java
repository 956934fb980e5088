package io.contactsync.activity;

import java.util.Map;

/** One claimed activity on its way to Salesforce: the Task record mapped from it and what became of it. */
public class ActivityItem {

    public enum Outcome { EXPORTED, FAILED, PENDING }

    private boolean later;

    private final Activity activity;
    /** A claim or call before this one may have created the Task already. */
    private boolean sentBefore;
    private Map<String, Object> record;
    private Outcome outcome;
    private boolean retryable;
    private String sfId;
    private String errorCode;
    private String errorMessage;

    public ActivityItem(Activity activity, boolean sentBefore) {
        this.activity = activity;
        this.sentBefore = sentBefore;
    }

    public Activity activity() { return activity; }
    public Map<String, Object> record() { return record; }
    public Outcome outcome() { return outcome; }
    public String sfId() { return sfId; }
    public String errorCode() { return errorCode; }
    public String errorMessage() { return errorMessage; }

    /** Still to be sent: not settled, or refused for a passing reason (sent again on redelivery). */
    public boolean open() { return outcome == null; }
    public boolean retryable() { return retryable; }
    public boolean sentBefore() { return sentBefore; }

    void sent() { sentBefore = true; }

    void record(Map<String, Object> mapped) { record = mapped; }

    void exported(String id) {
        outcome = Outcome.EXPORTED;
        sfId = id;
        retryable = false;
        errorCode = null;
        errorMessage = null;
    }

    void fail(String code, String message) {
        outcome = Outcome.FAILED;
        retryable = false;
        errorCode = code;
        errorMessage = message;
    }

    /** Failed for a passing reason that outlasted its redeliveries: sent again later (retry-later round). */
    void failLater(String code, String message) {
        fail(code, message);
        later = true;
    }

    public boolean later() { return later; }

    void retryable(String code, String message) {
        retryable = true;
        errorCode = code;
        errorMessage = message;
    }

    /** Back to waiting: Salesforce cannot take calls now (allowance, login). */
    void postpone(String code, String message) {
        outcome = Outcome.PENDING;
        retryable = false;
        errorCode = code;
        errorMessage = message;
    }
}
