package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** 1,000 new contacts in one manual push cost at most 20 Salesforce API calls in all, login included. */
@TestPropertySource(properties = "contactsync.api.max-batch-size=1000")
class ApiEconomyTest extends EndToEndTest {

    @Test
    void aThousandContactsCostAtMostThreeCalls() {
        String[] owners = {"alice.seller@example.com", "bob.closer@example.com", "someone@example.com", null};
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            contacts.add(contact("First" + i, "Last" + i, "contact" + i + "@example.com", "Company " + (i % 37),
                    owners[i % owners.length]));
        }
        List<Long> ids = store("[" + String.join(",", contacts) + "]");
        simulator.resetCounters();

        JsonNode done = push(ids, "requester@example.com");

        assertThat(done.get("exported").asInt()).isEqualTo(1000);
        assertThat(simulator.records("Lead")).hasSize(1000);
        long calls = simulator.totalCalls();
        System.out.printf("ApiEconomyTest: 1000 contacts, %d Salesforce API calls %s%n", calls, simulator.callCounts());
        // one Composite call with the owner and duplicate queries, one with five Collections upserts of 200
        assertThat(calls).isLessThanOrEqualTo(3);
        assertThat(simulator.callCounts()).containsOnlyKeys("composite");
    }
}
