package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Owner fallback none: a contact whose metBy matches no active User gets no owner from the service,
 * so Salesforce's Lead assignment rule decides; the owner the service did set is kept
 * (Sforce-Auto-Assign: FALSE goes with those records only).
 */
@TestPropertySource(properties = "contactsync.owner.fallback=none")
class OwnerFallbackNoneTest extends EndToEndTest {

    private String userId(String email) {
        return simulator.records("User").stream().filter(u -> email.equals(u.get("Email")))
                .map(u -> (String) u.get("Id")).findFirst().orElseThrow();
    }

    private Object ownerOf(long contactId) {
        String leadId = export(contactId).get("salesforceId").asText();
        return simulator.records("Lead").stream().filter(l -> leadId.equals(l.get("Id"))).findFirst()
                .map(l -> l.get("OwnerId")).orElseThrow();
    }

    @Test
    void contactsWithoutAKnownSellerAreLeftToTheAssignmentRule() {
        List<Long> ids = store("[" + String.join(",",
                contact("Known", "Seller", "known.seller@example.com", "Co", "alice.seller@example.com"),
                contact("Unknown", "Seller", "unknown.seller@example.com", "Co", "stranger@example.com")) + "]");

        assertThat(push(ids, "requester@example.com").get("exported").asInt()).isEqualTo(2);

        assertThat(ownerOf(ids.get(0))).isEqualTo(userId("alice.seller@example.com"));
        assertThat(ownerOf(ids.get(1))).isEqualTo(userId("lead.router@contactsync.local"));
        // one Composite call for the lookups; Sforce-Auto-Assign is a header of a whole call, so the owned
        // and the unowned records go in a write call each
        assertThat(simulator.callCounts()).containsEntry("composite", 3L).doesNotContainKey("collections-upsert");
    }

    @Test
    void aChunkWhoseOwnersAreAllKnownCostsOneCreateCall() {
        List<Long> ids = store("[" + contact("Only", "Known", "only.known@example.com", "Co", "bob.closer@example.com") + "]");

        push(ids, "requester@example.com");

        assertThat(ownerOf(ids.get(0))).isEqualTo(userId("bob.closer@example.com"));
        // the lookups and one write call: no call of its own for records without an owner
        assertThat(simulator.callCounts()).containsEntry("composite", 2L);
        assertThat(Map.copyOf(simulator.callCounts())).doesNotContainKey("collections-create");
    }
}
