package io.contactsync.contact;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A contact with its export state, as the API shows it: the contact's fields and {@code export}. */
public final class ContactView {

    private final Contact contact;
    private final ExportState export;

    public ContactView(Contact contact, ExportState export) {
        this.contact = contact;
        this.export = export;
    }

    @JsonUnwrapped
    public Contact getContact() {
        return contact;
    }

    public ExportState getExport() {
        return export;
    }
}
