package io.contactsync.contact;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How long each contact field may be: the length of the Salesforce field it is written to (Lead, and
 * Contact for department), as describe reports it. Intake refuses longer values up front instead of
 * letting the push fail later. The constants also give the OpenAPI schema its maxLength.
 */
public final class ContactLimits {

    public static final int SALUTATION = 40;
    public static final int FIRST_NAME = 40;
    public static final int LAST_NAME = 80;
    public static final int EMAIL = 80;
    public static final int PHONE = 40;
    public static final int COMPANY = 255;
    public static final int TITLE = 128;
    public static final int DEPARTMENT = 80;
    public static final int WEBSITE = 255;
    /** Both address lines together, one per line, make Street. */
    public static final int STREET = 255;
    public static final int POSTAL_CODE = 20;
    public static final int CITY = 40;
    public static final int COUNTRY = 80;
    /** Description, a long text area. */
    public static final int NOTES = 32_000;
    /** metBy is the email of the Salesforce User who owns the record: User.Email takes 128. */
    public static final int MET_BY = 128;
    public static final int CUSTOM_KEYS = 100;
    /** Of the whole custom object written as JSON, and so of each value in it. */
    public static final int CUSTOM_CHARS = 32_000;
    /** Notes in the contact list are cut to this; one contact's own call answers them whole. */
    public static final int LISTED_NOTES = 1_000;

    /** Something@something.tld without spaces: what Salesforce's email fields take, roughly. */
    public static final Pattern EMAIL_ADDRESS = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /** A text field of the contact, its limit and the Salesforce field that sets it. */
    public record Limit(String field, int maxLength, String salesforceField, Function<Contact, String> value) { }

    /** Every text field of a contact with its limit, in the order of the API's field list. */
    public static final Map<String, Limit> TEXT_FIELDS = table(
            new Limit("namePrefix", SALUTATION, "Salutation", Contact::namePrefix),
            new Limit("firstName", FIRST_NAME, "FirstName", Contact::firstName),
            new Limit("lastName", LAST_NAME, "LastName", Contact::lastName),
            new Limit("email", EMAIL, "Email", Contact::email),
            new Limit("phoneWork", PHONE, "Phone", Contact::phoneWork),
            new Limit("phoneMobile", PHONE, "MobilePhone", Contact::phoneMobile),
            new Limit("company", COMPANY, "Company", Contact::company),
            new Limit("title", TITLE, "Title", Contact::title),
            new Limit("department", DEPARTMENT, "Department", Contact::department),
            new Limit("website", WEBSITE, "Website", Contact::website),
            new Limit("addressLine1", STREET, "Street", Contact::addressLine1),
            new Limit("addressLine2", STREET, "Street", Contact::addressLine2),
            new Limit("zip", POSTAL_CODE, "PostalCode", Contact::zip),
            new Limit("city", CITY, "City", Contact::city),
            new Limit("country", COUNTRY, "Country", Contact::country),
            new Limit("notes", NOTES, "Description", Contact::notes),
            new Limit("metBy", MET_BY, "User.Email", Contact::metBy));

    private ContactLimits() { }

    private static Map<String, Limit> table(Limit... limits) {
        Map<String, Limit> table = new LinkedHashMap<>();
        for (Limit limit : limits) {
            table.put(limit.field(), limit);
        }
        return java.util.Collections.unmodifiableMap(table);
    }
}
