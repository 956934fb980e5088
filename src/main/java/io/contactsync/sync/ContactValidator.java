package io.contactsync.sync;

import io.contactsync.contact.Contact;
import io.contactsync.sync.SyncChunk.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * What Salesforce would refuse anyway, found before any call: a contact without a name, a Lead
 * without a company, an email or phone that is not one. Invalid contacts fail alone.
 */
@Component("contactValidator")
public class ContactValidator {

    static final String INVALID = "INVALID_CONTACT";
    /** The length of Salesforce's email fields (Lead.Email, Contact.Email, User.Email). */
    static final int EMAIL_LENGTH = 80;
    /** User.Email: the owner is the User whose email metBy is. */
    static final int USER_EMAIL_LENGTH = 128;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ()./\\-]{5,40}(\\s*(x|ext\\.?)\\s*[0-9]{1,6})?$");

    public SyncChunk validate(SyncChunk chunk) {
        chunk.open().forEach(item -> {
            List<String> problems = problems(item.contact(), chunk.target());
            if (!problems.isEmpty()) {
                item.fail(INVALID, String.join("; ", problems));
            }
        });
        return chunk;
    }

    public List<String> problems(Contact c, Target target) {
        List<String> problems = new ArrayList<>();
        if (blank(c.firstName()) && blank(c.lastName())) {
            problems.add("a " + target.sObject() + " needs a first or last name");
        }
        if (target != Target.Contact && blank(c.company())) {
            problems.add(target == Target.Lead ? "a Lead needs a company" : "a Contact with Account needs a company");
        }
        if (!blank(c.email()) && c.email().strip().length() > EMAIL_LENGTH) {
            problems.add("email '" + shown(c.email()) + "' is " + c.email().strip().length()
                    + " characters long; Salesforce's Email field takes at most " + EMAIL_LENGTH);
        } else if (!blank(c.email()) && !EMAIL.matcher(c.email().strip()).matches()) {
            problems.add("email '" + c.email() + "' is not an email address");
        }
        // the owner is the User whose email this is: no User has a longer one
        if (!blank(c.metBy()) && c.metBy().strip().length() > USER_EMAIL_LENGTH) {
            problems.add("metBy '" + shown(c.metBy()) + "' is " + c.metBy().strip().length()
                    + " characters long; no Salesforce User's email is longer than " + USER_EMAIL_LENGTH);
        }
        checkPhone(problems, "phoneWork", c.phoneWork());
        checkPhone(problems, "phoneMobile", c.phoneMobile());
        return problems;
    }

    private static void checkPhone(List<String> problems, String field, String value) {
        if (!blank(value) && (!PHONE.matcher(value.strip()).matches() || value.chars().filter(Character::isDigit).count() < 5)) {
            problems.add(field + " '" + value + "' is not a phone number");
        }
    }

    /** A long value shortened for a message a person reads. */
    private static String shown(String value) {
        String v = value.strip();
        return v.length() <= 40 ? v : v.substring(0, 40) + "…";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
