package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** Bad input gets a clear 4xx naming the field, and nothing is stored half way. */
class RestApiTest extends EndToEndTest {

    private JsonNode refused(ResponseEntity<String> answer, int status) {
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(status);
        JsonNode body = read(answer.getBody());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        return body;
    }

    private int contactRows() {
        return jdbc.queryForObject("select count(*) from contact", Integer.class);
    }

    @Test
    void storesOneContactOrAnArrayAndShowsItsPendingState() {
        List<Long> one = store(contact("Ada", "Lovelace", "ada@example.com", "Co", null));
        List<Long> many = store("[" + contact("A", "B", null, "Co", null) + "," + contact("C", "D", null, "Co", null) + "]");

        assertThat(one).hasSize(1);
        assertThat(many).hasSize(2);
        JsonNode ada = get("/api/contacts/" + one.get(0));
        assertThat(ada.get("firstName").asText()).isEqualTo("Ada");
        assertThat(ada.get("export").get("status").asText()).isEqualTo("PENDING");
        JsonNode list = get("/api/contacts?status=PENDING&size=2");
        assertThat(list.get("total").asInt()).isEqualTo(3);
        assertThat(list.get("contacts")).hasSize(2);
        JsonNode found = get("/api/contacts?search=lovelace");
        assertThat(found.get("contacts")).hasSize(1);
        assertThat(found.get("total").asInt()).as("total counts what the search finds").isEqualTo(1);
    }

    @Test
    void malformedJsonUnknownFieldsAndWrongTypesAreRefusedByName() {
        assertThat(refused(post("/api/contacts", "{\"firstName\": \"Ada\""), 400).get("error").asText())
                .contains("malformed JSON");
        JsonNode unknown = refused(post("/api/contacts", "{\"firstName\": \"Ada\", \"nickname\": \"A\"}"), 400);
        assertThat(unknown.get("error").asText()).contains("nickname");
        JsonNode wrongType = refused(post("/api/contacts", "[{\"lastName\": \"A\"}, {\"lastName\": \"B\", \"leadScore\": \"high\"}]"), 400);
        assertThat(wrongType.get("field").asText()).isEqualTo("[1].leadScore");
        JsonNode empty = refused(post("/api/contacts", "{\"company\": \"Co\"}"), 400);
        assertThat(empty.get("error").asText()).contains("firstName, lastName or email");
        assertThat(contactRows()).isZero();
    }

    @Test
    void oversizedBatchesAreRefused() {
        String many = "[" + String.join(",", java.util.Collections.nCopies(1001, "{\"lastName\": \"X\"}")) + "]";

        JsonNode body = refused(post("/api/contacts", many), 413);

        assertThat(body.get("error").asText()).contains("at most 1000");
        assertThat(contactRows()).isZero();
    }

    @Test
    void pushesOfUnknownContactsOrWithoutRequesterAreRefusedAndWriteNothing() {
        List<Long> ids = store(contact("Ada", "Lovelace", "ada@example.com", "Co", null));

        JsonNode unknown = refused(post("/api/pushes", "{\"contactIds\": [" + ids.get(0) + ", 999999], \"requestedBy\": \"a@b.io\"}"), 404);
        assertThat(unknown.get("error").asText()).contains("999999");
        assertThat(refused(post("/api/pushes", "{\"contactIds\": [" + ids.get(0) + "]}"), 400).get("field").asText())
                .isEqualTo("requestedBy");
        assertThat(refused(post("/api/pushes", "{\"contactIds\": [], \"requestedBy\": \"a@b.io\"}"), 400).get("field").asText())
                .isEqualTo("contactIds");
        assertThat(refused(post("/api/pushes", "{\"contactIds\": \"all\", \"requestedBy\": \"a@b.io\"}"), 400).get("field").asText())
                .isEqualTo("contactIds");
        assertThat(jdbc.queryForObject("select count(*) from push", Integer.class)).isZero();
        assertThat(export(ids.get(0)).get("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void unknownIdsAndBadParametersAnswer4xx() {
        assertThat(http.getForEntity("/api/contacts/424242", String.class).getStatusCode().value()).isEqualTo(404);
        assertThat(http.getForEntity("/api/contacts/abc", String.class).getStatusCode().value()).isEqualTo(400);
        assertThat(http.getForEntity("/api/contacts?status=LOST", String.class).getStatusCode().value()).isEqualTo(400);
        assertThat(http.getForEntity("/api/pushes/not-a-uuid", String.class).getStatusCode().value()).isEqualTo(400);
        assertThat(http.getForEntity("/api/pushes/00000000-0000-0000-0000-000000000000", String.class)
                .getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void hostileStringsAreStoredAsTheyAreAndCannotWidenTheDuplicateQuery() {
        simulator.create("Lead", java.util.Map.of("LastName", "Victim", "Company", "Co", "Email", "victim@example.com"));
        String hostile = "x' OR Email != '@example.com";
        List<Long> ids = store("[" + contact("O'Brien", "Back\\\\slash", "o'brien%_@example.com", "SELECT Co", null) + ","
                + "{\"lastName\": \"Hostile\", \"company\": \"Co\", \"email\": \"" + hostile + "\"}]");

        JsonNode done = push(ids, "requester@example.com");

        assertThat(get("/api/contacts/" + ids.get(0)).get("firstName").asText()).isEqualTo("O'Brien");
        // the quote-laden email is no email: FAILED with the reason, never a query matching the victim
        assertThat(export(ids.get(1)).get("status").asText()).isEqualTo("FAILED");
        assertThat(export(ids.get(0)).get("status").asText()).isEqualTo("EXPORTED");
        assertThat(done.get("duplicates").asInt()).isZero();
    }
}
