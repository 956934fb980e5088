package io.contactsync.sync;

import io.contactsync.contact.Contact;
import io.contactsync.contact.ExportStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** One contact on its way through the pipeline: what was decided about it and what Salesforce said. */
public final class SyncItem {

    /** What delivery must do for an item that is still open. */
    public enum Action { CREATE, UPDATE, LINK }

    private final Contact contact;
    private final String syncKey;
    private final int attempts;
    private ExportStatus outcome;
    private String errorCode;
    private String errorMessage;
    private String ownerId;
    private Action action = Action.CREATE;
    private String sfObject;
    private String sfId;
    private Map<String, Object> record = new LinkedHashMap<>();
    private Map<String, Object> account;
    private Map<String, Object> existing;
    private SyncItem sameEmailAs;
    private boolean retryable;
    /** Tries after a passing fault within this claim. */
    private int retries;
    /** Settled by a passing fault (budget used up, allowance used up, login failing): it is sent again later. */
    private boolean passing;
    /** Exported before: its record is updated with what changed here since (two-way sync). */
    private boolean resync;
    /** What the record holds from this service (export_state.pushed_values), or null when unknown. */
    private Map<String, Object> pushedBefore;
    /** What the record holds from this service once this push succeeds. */
    private Map<String, Object> pushedAfter;
    /** The contact's last local edit as claimed (null: never edited). */
    private java.time.OffsetDateTime changedAt;
    /** An update of an exported record is sent (false when nothing changed: nothing is written). */
    private boolean sendsUpdate;

    /**
     * @param syncKey the contact's stable key, sent as the external id so that a record re-sent after
     *                a crash updates the one already created instead of creating a second
     */
    public SyncItem(Contact contact, String syncKey, int attempts) {
        this.contact = contact;
        this.syncKey = syncKey;
        this.attempts = attempts;
    }

    public Contact contact() { return contact; }
    public long contactId() { return contact.id(); }
    public String syncKey() { return syncKey; }
    /** Tries of this contact so far: earlier claims, this one, and the retries within it. */
    public int attempts() { return attempts + retries; }
    public int retries() { return retries; }
    public boolean passing() { return passing; }
    public ExportStatus outcome() { return outcome; }
    public String errorCode() { return errorCode; }
    public String errorMessage() { return errorMessage; }
    public String ownerId() { return ownerId; }
    public Action action() { return action; }
    public String sfObject() { return sfObject; }
    public String sfId() { return sfId; }
    public Map<String, Object> record() { return record; }
    public Map<String, Object> account() { return account; }
    /** The values the matching Salesforce record holds (duplicate policy update), or null. */
    public Map<String, Object> existing() { return existing; }
    public SyncItem sameEmailAs() { return sameEmailAs; }

    /** Still waiting for an outcome. */
    public boolean open() { return outcome == null; }

    public void ownerId(String id) { this.ownerId = id; }
    public void record(Map<String, Object> fields) { this.record = fields; }
    public void account(Map<String, Object> fields) { this.account = fields; }

    public void fail(String code, String message) {
        settle(ExportStatus.FAILED, code, message);
    }

    public void duplicate(String object, String id, String message) {
        this.sfObject = object;
        this.sfId = id;
        settle(ExportStatus.DUPLICATE, "DUPLICATE", message);
    }

    public void exported(String object, String id) {
        this.sfObject = object;
        this.sfId = id;
        settle(ExportStatus.EXPORTED, null, null);
    }

    /** Salesforce failed this record for a passing reason: it stays open to be sent again. */
    public void retryable(String code, String message) {
        this.errorCode = code;
        this.errorMessage = message;
        this.retryable = true;
    }

    public boolean retryable() { return retryable; }

    /** A call made for this contact failed for a passing reason. */
    public void passingFault(String code, String message) {
        this.errorCode = code;
        this.errorMessage = message;
    }

    /** It is tried again: one more try of its budget is used. */
    public void retry() {
        this.retries++;
    }

    /** The contact used its retry budget: the last passing reason becomes the failure, and it is sent again later. */
    public void giveUp() {
        if (open()) {
            settle(ExportStatus.FAILED, errorCode == null ? "RETRIES_EXHAUSTED" : errorCode,
                    errorMessage == null ? "Salesforce did not accept the record in time" : errorMessage);
            this.passing = true;
        }
    }

    /** Leaves the contact PENDING for a later run, e.g. when the API allowance is used up. */
    public void postpone(String code, String message) {
        settle(ExportStatus.PENDING, code, message);
        this.passing = true;
    }

    /** The contact matches an existing record: link to it or update it instead of creating one. */
    public void target(Action newAction, String object, String id) {
        this.action = newAction;
        this.sfObject = object;
        this.sfId = id;
    }

    public void existing(Map<String, Object> values) { this.existing = values; }

    /** The contact is already in Salesforce as {@code object id}: a push sends what changed as an update. */
    public void resync(String object, String id, Map<String, Object> pushed) {
        target(Action.UPDATE, object, id);
        this.resync = true;
        this.pushedBefore = pushed;
    }

    public boolean resync() { return resync; }
    public Map<String, Object> pushedBefore() { return pushedBefore; }
    public Map<String, Object> pushedAfter() { return pushedAfter; }
    public void pushedAfter(Map<String, Object> values) { this.pushedAfter = values; }
    public java.time.OffsetDateTime changedAt() { return changedAt; }
    public void changedAt(java.time.OffsetDateTime at) { this.changedAt = at; }
    public boolean sendsUpdate() { return sendsUpdate; }
    public void sendsUpdate(boolean sends) { this.sendsUpdate = sends; }

    /** An earlier contact of the same chunk has the same email; this one follows its fate. */
    public void follow(SyncItem first) {
        this.sameEmailAs = first;
    }

    private void settle(ExportStatus status, String code, String message) {
        this.retryable = false;
        this.outcome = status;
        this.errorCode = code;
        this.errorMessage = message;
    }

    @Override
    public String toString() {
        return "SyncItem[contact=" + contact.id() + ", outcome=" + outcome + ", action=" + action + "]";
    }
}
