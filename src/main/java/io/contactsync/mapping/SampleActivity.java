package io.contactsync.mapping;

import io.contactsync.activity.Activity;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** An activity with every field filled: the check evaluates each source of the Task template on it. */
public final class SampleActivity {

    private SampleActivity() { }

    public static Activity of() {
        return new Activity(0L, 0L, "mapping-check", "email-opened", OffsetDateTime.now(ZoneOffset.UTC),
                "contact-sync mapping check", "the message", "https://example.com/mail", "mapping-check-0",
                "00Q000000000000AAA");
    }
}
