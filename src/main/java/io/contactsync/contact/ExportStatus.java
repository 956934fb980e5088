package io.contactsync.contact;

/** Where a contact stands on its way into Salesforce. */
public enum ExportStatus {
    PENDING, EXPORTING, EXPORTED, DUPLICATE, FAILED, SKIPPED
}
