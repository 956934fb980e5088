package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/** ContactWithAccount with account creation off: only existing Accounts, matched by name regardless of case. */
@TestPropertySource(properties = {"contactsync.sync.target=ContactWithAccount", "contactsync.sync.create-accounts=false"})
class AccountPreferenceTest extends EndToEndTest {

    @Test
    void contactIsLinkedToAnExistingAccountOnlyAndFailsWithTheReasonOtherwise() {
        String acme = simulator.create("Account", Map.of("Name", "Acme Corp"));
        List<Long> ids = store("[" + String.join(",",
                contact("Wile", "Coyote", "wile@example.com", "acme CORP", null),
                contact("Road", "Runner", "road@example.com", "Unknown Ltd", null)) + "]");

        JsonNode progress = push(ids, "requester@example.com");

        assertThat(progress.get("exported").asInt()).isEqualTo(1);
        assertThat(progress.get("failed").asInt()).isEqualTo(1);
        assertThat(simulator.records("Account")).hasSize(1);
        assertThat(simulator.records("Contact")).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("AccountId", acme).containsEntry("Email", "wile@example.com"));
        JsonNode failed = export(ids.get(1));
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("error").get("code").asText()).isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(failed.get("error").get("message").asText()).isEqualTo("no Account named 'Unknown Ltd' exists and account creation "
                + "is off (contactsync.sync.create-accounts)");
    }

    @Test
    void previewShowsTheAccountLinkAndTheFailureWithoutWriting() {
        String acme = simulator.create("Account", Map.of("Name", "Acme Corp"));
        List<Long> ids = store("[" + String.join(",",
                contact("Wile", "Coyote", "wile@example.com", "ACME corp", null),
                contact("Road", "Runner", "road@example.com", "Unknown Ltd", null)) + "]");
        simulator.resetCounters();

        ResponseEntity<String> answer = post("/api/pushes", toJson(Map.of("contactIds", ids,
                "requestedBy", "requester@example.com", "dryRun", true)));

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        JsonNode contacts = read(answer.getBody()).get("contacts");
        assertThat(contacts.get(0).get("action").asText()).isEqualTo("create");
        assertThat(contacts.get(0).get("object").asText()).isEqualTo("Contact");
        assertThat(contacts.get(0).get("account").get("action").asText()).isEqualTo("link");
        assertThat(contacts.get(0).get("account").get("salesforceId").asText()).isEqualTo(acme);
        assertThat(contacts.get(0).get("fields").get("AccountId").asText()).isEqualTo(acme);
        assertThat(contacts.get(1).get("action").asText()).isEqualTo("fail");
        assertThat(contacts.get(1).get("code").asText()).isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(contacts.get(1).get("reason").asText()).contains("no Account named 'Unknown Ltd'");
        assertThat(simulator.records("Contact")).isEmpty();
        // the preview's queries are Composite query subrequests; it writes nothing (no Contact above)
        assertThat(simulator.callCounts().keySet()).allMatch(call -> call.equals("composite") || call.equals("queryMore")
                || call.equals("token"));
        assertThat(export(ids.get(0)).get("status").asText()).isEqualTo("PENDING");
        assertThat(jdbc.queryForObject("select count(*) from push", Integer.class)).isZero();
    }
}
