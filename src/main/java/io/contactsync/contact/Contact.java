package io.contactsync.contact;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.Map;

/** A captured contact, as the REST API receives it and the store keeps it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Contact(
        Long id,
        String namePrefix,
        String firstName,
        String lastName,
        String email,
        String phoneWork,
        String phoneMobile,
        String company,
        String title,
        String department,
        String website,
        String addressLine1,
        String addressLine2,
        String zip,
        String city,
        String country,
        String notes,
        LocalDate metOn,
        String metBy,
        Integer leadScore,
        Map<String, Object> custom) {

    public Contact {
        custom = custom == null ? Map.of() : Map.copyOf(custom);
    }

    public Contact withId(long newId) {
        return new Contact(newId, namePrefix, firstName, lastName, email, phoneWork, phoneMobile, company, title,
                department, website, addressLine1, addressLine2, zip, city, country, notes, metOn, metBy, leadScore,
                custom);
    }

    /** Street as Salesforce keeps it: both address lines, one per line. */
    public String street() {
        if (addressLine2 == null || addressLine2.isBlank()) {
            return addressLine1;
        }
        return addressLine1 == null || addressLine1.isBlank() ? addressLine2 : addressLine1 + "\n" + addressLine2;
    }
}
