package io.contactsync.contact;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.Map;

/** A captured contact, as the REST API receives it and the store keeps it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Contact(
        Long id,
        @Schema(maxLength = ContactLimits.SALUTATION) String namePrefix,
        @Schema(maxLength = ContactLimits.FIRST_NAME) String firstName,
        @Schema(maxLength = ContactLimits.LAST_NAME) String lastName,
        @Schema(maxLength = ContactLimits.EMAIL, format = "email") String email,
        @Schema(maxLength = ContactLimits.PHONE) String phoneWork,
        @Schema(maxLength = ContactLimits.PHONE) String phoneMobile,
        @Schema(maxLength = ContactLimits.COMPANY) String company,
        @Schema(maxLength = ContactLimits.TITLE) String title,
        @Schema(maxLength = ContactLimits.DEPARTMENT) String department,
        @Schema(maxLength = ContactLimits.WEBSITE) String website,
        @Schema(maxLength = ContactLimits.STREET) String addressLine1,
        @Schema(maxLength = ContactLimits.STREET) String addressLine2,
        @Schema(maxLength = ContactLimits.POSTAL_CODE) String zip,
        @Schema(maxLength = ContactLimits.CITY) String city,
        @Schema(maxLength = ContactLimits.COUNTRY) String country,
        @Schema(maxLength = ContactLimits.NOTES) String notes,
        LocalDate metOn,
        @Schema(maxLength = ContactLimits.MET_BY, format = "email") String metBy,
        Integer leadScore,
        @Schema(description = "at most " + ContactLimits.CUSTOM_KEYS + " keys and " + ContactLimits.CUSTOM_CHARS
                + " characters as JSON") Map<String, Object> custom) {

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
