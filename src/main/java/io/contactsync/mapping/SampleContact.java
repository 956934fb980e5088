package io.contactsync.mapping;

import io.contactsync.contact.Contact;
import java.time.LocalDate;
import java.util.Map;

/**
 * A contact with every field filled, short enough for any Salesforce field: the check evaluates each
 * source on it to learn what the source gives (text, number, date), and the mapping test sends it.
 */
public final class SampleContact {

    private SampleContact() { }

    public static Contact of(String email) {
        return new Contact(0L, "Mr.", "Mapping", "Test", email, "+1 555 0100", "+1 555 0199", "contact-sync mapping test",
                "Buyer", "Sales", "https://example.com", "1 Sample Street", "Floor 2", "10115", "Berlin", "Germany",
                "dummy record of the contact-sync mapping test", LocalDate.now(), "mapping-test@example.com", 42, Map.of());
    }
}
