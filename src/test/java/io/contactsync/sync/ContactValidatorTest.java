package io.contactsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsync.contact.Contact;
import io.contactsync.contact.ExportStatus;
import io.contactsync.sync.SyncChunk.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactValidatorTest {

    private final ContactValidator validator = new ContactValidator();

    private static Contact contact(String first, String last, String company, String email, String phone) {
        return new Contact(1L, null, first, last, email, phone, null, company, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    @Test
    void aLeadNeedsANameAndACompany() {
        assertThat(validator.problems(contact(null, null, null, null, null), Target.Lead))
                .containsExactly("a Lead needs a first or last name", "a Lead needs a company");
        assertThat(validator.problems(contact("Ada", null, "Co", null, null), Target.Lead)).isEmpty();
    }

    @Test
    void aContactNeedsOnlyAName() {
        assertThat(validator.problems(contact(null, "Lovelace", null, null, null), Target.Contact)).isEmpty();
        assertThat(validator.problems(contact(null, "Lovelace", null, null, null), Target.ContactWithAccount))
                .containsExactly("a Contact with Account needs a company");
    }

    @Test
    void badEmailAndPhoneAreReported() {
        assertThat(validator.problems(contact("A", "B", "C", "ada.example.com", "call me"), Target.Lead))
                .containsExactly("email 'ada.example.com' is not an email address", "phoneWork 'call me' is not a phone number");
        assertThat(validator.problems(contact("A", "B", "C", "a@b.io", "+49 (30) 123-4567 ext 12"), Target.Lead)).isEmpty();
    }

    @Test
    void invalidContactsFailAloneInTheirChunk() {
        SyncItem bad = new SyncItem(contact(null, null, "Co", null, null), "k1", 1);
        SyncItem good = new SyncItem(contact("Ada", "L", "Co", null, null), "k2", 1);

        validator.validate(new SyncChunk(Target.Lead, null, List.of(bad, good)));

        assertThat(bad.outcome()).isEqualTo(ExportStatus.FAILED);
        assertThat(bad.errorCode()).isEqualTo("INVALID_CONTACT");
        assertThat(good.open()).isTrue();
    }
}
