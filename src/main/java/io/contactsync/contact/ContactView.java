package io.contactsync.contact;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A contact with its export state, as the API shows it: the contact's fields, {@code export} and {@code source}. */
public final class ContactView {

    private final Contact contact;
    private final ExportState export;
    private final String source;

    public ContactView(Contact contact, ExportState export, String source) {
        this.contact = contact;
        this.export = export;
        this.source = source;
    }

    @JsonUnwrapped
    public Contact getContact() {
        return contact;
    }

    public ExportState getExport() {
        return export;
    }

    /** Where the contact came from: {@code api}, {@code file-drop}, … */
    public String getSource() {
        return source;
    }
}
