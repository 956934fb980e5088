package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "contactsync.sync.target=ContactWithAccount")
class ContactWithAccountTest extends EndToEndTest {

    @Test
    void contactsAreLinkedToTheirAccountFoundByNameOrANewOne() {
        String acme = simulator.create("Account", Map.of("Name", "Acme Corp"));
        List<Long> ids = store("[" + String.join(",",
                contact("Wile", "Coyote", "wile@example.com", "ACME CORP", null),
                contact("New", "Buyer", "buyer@example.com", "Brand New GmbH", null),
                contact("Other", "Buyer", "other@example.com", "brand new gmbh", null)) + "]");

        push(ids, "requester@example.com");

        List<Map<String, Object>> contacts = simulator.records("Contact");
        assertThat(contacts).hasSize(3);
        List<Map<String, Object>> accounts = simulator.records("Account");
        assertThat(accounts).hasSize(2);
        String brandNew = accounts.stream().filter(a -> !acme.equals(a.get("Id"))).map(a -> (String) a.get("Id"))
                .findFirst().orElseThrow();
        assertThat(contacts).filteredOn(c -> "wile@example.com".equals(c.get("Email")))
                .singleElement().satisfies(c -> assertThat(c.get("AccountId")).isEqualTo(acme));
        assertThat(contacts).filteredOn(c -> brandNew.equals(c.get("AccountId"))).hasSize(2);
        assertThat(export(ids.get(0)).get("object").asText()).isEqualTo("Contact");
    }

    @Test
    void aThousandContactsWithTheirAccountsCostFourCalls() {
        simulator.create("Account", Map.of("Name", "Known Company 0"));
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String company = (i % 3 == 0 ? "Known Company " : "Company ") + (i % 250);
            contacts.add(contact("First" + i, "Last" + i, "cwa" + i + "@example.com", company,
                    i % 2 == 0 ? "alice.seller@example.com" : null));
        }
        List<Long> ids = store("[" + String.join(",", contacts) + "]");
        simulator.resetCounters();

        JsonNode done = push(ids, "requester@example.com");

        assertThat(done.get("exported").asInt()).isEqualTo(1000);
        assertThat(simulator.records("Contact")).hasSize(1000)
                .allSatisfy(c -> assertThat(c.get("AccountId")).isNotNull());
        // owners and duplicates; the Accounts by name; the missing Accounts created; the Contacts referring to them
        assertThat(simulator.callCounts()).isEqualTo(Map.of("composite", 4L));
    }
}
