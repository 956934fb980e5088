package io.contactsync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.simulator.SfHttp.Resp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /composite/batch} and {@code /composite/tree/{type}} as the REST API Developer Guide
 * documents them: independent subrequests each counted as a call, haltOnError; a tree of records
 * saved all or nothing with referenceIds.
 */
class SimulatorCompositeBatchTreeTest extends InMemoryOrgTest {

    SfHttp sf;

    @BeforeEach
    void fresh() {
        simulator.reset();
        sf = new SfHttp(simulator.loginUrl()).login();
    }

    static Map<String, Object> sub(String method, String url, Object richInput) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("url", url);
        if (richInput != null) {
            m.put("richInput", richInput);
        }
        return m;
    }

    @Test
    void aBatchRunsEachSubrequestAndCountsEachAsACall() {
        String id = simulator.create("Lead", Map.of("LastName", "Before", "Company", "Co"));
        long before = simulator.apiUsage();

        Resp r = sf.post(sf.data("/composite/batch"), Map.of("batchRequests", List.of(
                sub("PATCH", "v59.0/sobjects/Lead/" + id, Map.of("LastName", "After")),
                sub("GET", "v59.0/sobjects/Lead/" + id + "?fields=LastName", null),
                sub("POST", "v59.0/sobjects/Lead", Map.of("LastName", "NoCompany")),
                sub("GET", "v59.0/query?q=SELECT+COUNT()+FROM+Lead", null))));

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("hasErrors").asBoolean()).isTrue();
        JsonNode results = body.get("results");
        assertThat(results.get(0).get("statusCode").asInt()).isEqualTo(204);
        assertThat(results.get(0).get("result").isNull()).isTrue();
        assertThat(results.get(1).get("result").get("LastName").asText()).isEqualTo("After");
        assertThat(results.get(2).get("statusCode").asInt()).isEqualTo(400);
        assertThat(results.get(2).get("result").get(0).get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(results.get(3).get("result").get("totalSize").asInt()).as("no transaction: the update stays").isEqualTo(1);
        assertThat(simulator.apiUsage() - before).as("each subrequest is a call").isEqualTo(4);
    }

    @Test
    void haltOnErrorStopsAfterTheFirstFailure() {
        Resp r = sf.post(sf.data("/composite/batch"), Map.of("haltOnError", true, "batchRequests", List.of(
                sub("POST", "v59.0/sobjects/Lead", Map.of("LastName", "NoCompany")),
                sub("POST", "v59.0/sobjects/Lead", Map.of("LastName", "Fine", "Company", "Co")))));

        JsonNode halted = r.json().get("results").get(1);
        assertThat(halted.get("statusCode").asInt()).isEqualTo(412);
        assertThat(halted.get("result").get(0).get("errorCode").asText()).isEqualTo("BATCH_PROCESSING_HALTED");
        assertThat(simulator.records("Lead")).isEmpty();

        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            many.add(sub("GET", "v59.0/limits", null));
        }
        assertThat(sf.post(sf.data("/composite/batch"), Map.of("batchRequests", many)).status()).isEqualTo(400);
    }

    static Map<String, Object> node(String type, String referenceId, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attributes", Map.of("type", type, "referenceId", referenceId));
        m.putAll(fields);
        return m;
    }

    @Test
    void aTreeIsSavedWithItsChildrenOrNotAtAll() {
        Map<String, Object> account = node("Account", "acme", Map.of("Name", "Acme"));
        account.put("Contacts", Map.of("records", List.of(node("Contact", "ada", Map.of("LastName", "Lovelace")),
                node("Contact", "grace", Map.of("LastName", "Hopper")))));

        Resp r = sf.post(sf.data("/composite/tree/Account"), Map.of("records", List.of(account)));

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        JsonNode results = r.json().get("results");
        assertThat(r.json().get("hasErrors").asBoolean()).isFalse();
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("referenceId").asText()).isEqualTo("acme");
        String accountId = results.get(0).get("id").asText();
        assertThat(simulator.records("Contact")).allSatisfy(c -> assertThat(c.get("AccountId")).isEqualTo(accountId));

        Map<String, Object> bad = node("Account", "bad", Map.of("Name", "Bad"));
        bad.put("Contacts", Map.of("records", List.of(node("Contact", "nameless", Map.of("FirstName", "No")))));
        Resp failed = sf.post(sf.data("/composite/tree/Account"), Map.of("records", List.of(bad)));
        assertThat(failed.status()).isEqualTo(400);
        assertThat(failed.json().get("hasErrors").asBoolean()).isTrue();
        assertThat(failed.json().get("results").get(0).get("referenceId").asText()).isEqualTo("nameless");
        assertThat(failed.json().get("results").get(0).get("errors").get(0).get("statusCode").asText())
                .isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(simulator.records("Account")).as("all or nothing").hasSize(1);
    }
}
