package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With contactsync.activities.include-content the Task's Description carries the body; automatic mode sends at once. */
@TestPropertySource(properties = {"contactsync.activities.include-content=true", "contactsync.sync.mode=automatic",
        "contactsync.sync.schedule=0 0 0 1 1 ? 2099"})
class ActivityContentTest extends EndToEndTest {

    @Test
    void theBodyGoesIntoTheDescriptionWhenSwitchedOn() {
        long contactId = store(contact("Con", "Tent", "content@example.com", "Acme", null)).get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> "EXPORTED".equals(export(contactId).get("status").asText()));

        // no schedule fires in this class: storing wakes the delivery
        post("/api/contacts/" + contactId + "/activities", toJson(List.of(
                ActivitiesTest.activity("m-1", "email-clicked", "2026-02-01T10:00:00Z", "Clicked the offer"))));

        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.records("Task").size() == 1);
        assertThat(simulator.records("Task").get(0).get("Description"))
                .isEqualTo("Hello m-1\n\nhttps://example.com/m-1");
    }
}
