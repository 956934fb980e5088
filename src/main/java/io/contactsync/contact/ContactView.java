package io.contactsync.contact;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A contact with its export state, as {@code GET /api/contacts} answers. */
public record ContactView(@JsonUnwrapped Contact contact, ExportState export) { }
