package io.contactsync.contact;

/**
 * Where a contact stands on its way into Salesforce. DELETED_IN_SALESFORCE: its record was deleted
 * there (seen by the pull); the contact is kept and not pushed again.
 */
public enum ExportStatus {
    PENDING, EXPORTING, EXPORTED, DUPLICATE, FAILED, SKIPPED, DELETED_IN_SALESFORCE
}
