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
 * The Composite limits as Salesforce documents them: 25 subrequests, at most 5 queries or sObject
 * Collections, one API call for the whole request, SOQL in the body bound by the statement (100,000) and
 * string literal (4,000) limits instead of the URI's, allOrNone rolling back and halting the rest.
 */
class SimulatorCompositeTest extends InMemoryOrgTest {

    private static final String V = "/services/data/v59.0";
    private SfHttp sf;

    @BeforeEach
    void login() {
        simulator.reset();
        simulator.resetCounters();
        sf = new SfHttp(simulator.loginUrl()).login();
    }

    @Test
    void fiveCollectionsUpsertsOf200AreOneApiCall() {
        List<Map<String, Object>> subs = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Map<String, Object> record = lead("C" + s + "-" + i, "key-" + s + "-" + i);
                record.put("attributes", Map.of("type", "Lead"));
                records.add(record);
            }
            subs.add(sub("PATCH", V + "/composite/sobjects/Lead/ContactSyncId__c", "upsert" + s,
                    Map.of("allOrNone", false, "records", records)));
        }
        long usageBefore = simulator.apiUsage();

        Resp r = composite(false, subs);

        assertThat(r.status()).isEqualTo(200);
        JsonNode answers = r.json().get("compositeResponse");
        assertThat(answers).hasSize(5);
        for (int s = 0; s < 5; s++) {
            assertThat(answers.get(s).get("referenceId").asText()).isEqualTo("upsert" + s);
            assertThat(answers.get(s).get("httpStatusCode").asInt()).isEqualTo(200);
            assertThat(answers.get(s).get("body")).hasSize(200);
            assertThat(answers.get(s).get("body").get(0).get("created").asBoolean()).isTrue();
        }
        assertThat(simulator.records("Lead")).hasSize(1_000);
        assertThat(simulator.apiUsage() - usageBefore).isEqualTo(1);
        assertThat(simulator.callCounts()).containsEntry("composite", 1L).doesNotContainKey("collections-upsert");
        assertThat(r.header("Sforce-Limit-Info")).isEqualTo("api-usage=" + simulator.apiUsage() + "/"
                + simulator.settings().getDailyApiLimit());
    }

    @Test
    void aSixthQueryOrCollectionIsRefusedWholeWith400() {
        List<Map<String, Object>> subs = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            subs.add(sub("GET", V + "/query?q=" + SfHttp.enc("SELECT Id FROM Lead WHERE Email = 'x" + s + "@example.com'"),
                    "q" + s, null));
        }

        Resp r = composite(false, subs);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().isArray()).isTrue();
        assertThat(r.json().get(0).get("errorCode").asText()).isEqualTo("INVALID_BATCH_REQUEST");
        assertThat(r.json().get(0).get("message").asText()).contains("at most 5").contains("received 6");
        // five queries with single-record requests beside them are within the limits
        List<Map<String, Object>> mixed = new ArrayList<>(subs.subList(0, 5));
        mixed.add(sub("POST", V + "/sobjects/Lead", "one", lead("Single", "single-1")));
        assertThat(composite(false, mixed).status()).isEqualTo(200);
    }

    @Test
    void moreThan25SubrequestsAreRefused() {
        List<Map<String, Object>> subs = new ArrayList<>();
        for (int s = 0; s < 26; s++) {
            subs.add(sub("POST", V + "/sobjects/Lead", "l" + s, lead("L" + s, "k" + s)));
        }

        Resp r = composite(false, subs);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get(0).get("message").asText()).isEqualTo("Composite Request limit is 25; received 26");
        assertThat(simulator.records("Lead")).isEmpty();
    }

    @Test
    void aQueryInTheBodyIsNotBoundByTheUriLimitButByTheSoqlLimits() {
        simulator.create("Lead", Map.of("LastName", "Known", "Company", "C", "Email", "known@example.com"));
        StringBuilder in = new StringBuilder("'known@example.com'");
        for (int i = 0; i < 900; i++) {
            in.append(",'someone.with.a.long.address.").append(i).append("@example.com'");
        }
        String longQuery = "SELECT Id, Email FROM Lead WHERE Email IN (" + in + ")";
        assertThat(longQuery.length()).isBetween(20_000, 100_000);
        String tooLong = "SELECT Id FROM Lead WHERE Email IN (" + (in + ",").repeat(4) + "'x')";
        assertThat(tooLong.length()).isGreaterThan(100_000);
        String longLiteral = "SELECT Id FROM Lead WHERE Email = '" + "a".repeat(4_001) + "'";

        Resp r = composite(false, List.of(
                sub("GET", V + "/query?q=" + SfHttp.enc(longQuery), "ok", null),
                sub("GET", V + "/query?q=" + SfHttp.enc(tooLong), "statement", null),
                sub("GET", V + "/query?q=" + SfHttp.enc(longLiteral), "literal", null)));

        assertThat(r.status()).isEqualTo(200);
        JsonNode answers = r.json().get("compositeResponse");
        assertThat(answers.get(0).get("httpStatusCode").asInt()).isEqualTo(200);
        assertThat(answers.get(0).get("body").get("totalSize").asInt()).isEqualTo(1);
        assertThat(answers.get(1).get("httpStatusCode").asInt()).isEqualTo(400);
        assertThat(answers.get(1).get("body").get(0).get("errorCode").asText()).isEqualTo("MALFORMED_QUERY");
        assertThat(answers.get(1).get("body").get(0).get("message").asText()).contains("100000");
        assertThat(answers.get(2).get("body").get(0).get("errorCode").asText()).isEqualTo("MALFORMED_QUERY");
        assertThat(answers.get(2).get("body").get(0).get("message").asText()).contains("4000");
        // the same long query as a plain GET does not fit in a URI
        assertThat(sf.get(sf.query(longQuery)).status()).isIn(414, 431);
    }

    @Test
    void allOrNoneRollsBackEveryWriteAndHaltsTheRest() {
        Map<String, Object> bad = lead("Bad", "bad-1");
        bad.remove("LastName");

        Resp r = composite(true, List.of(
                sub("POST", V + "/sobjects/Lead", "first", lead("Good", "good-1")),
                sub("POST", V + "/sobjects/Lead", "second", bad),
                sub("POST", V + "/sobjects/Lead", "third", lead("Later", "later-1"))));

        JsonNode answers = r.json().get("compositeResponse");
        assertThat(answers.get(0).get("body").get(0).get("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        assertThat(answers.get(1).get("body").get(0).get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(answers.get(2).get("body").get(0).get("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        assertThat(answers.get(2).get("httpStatusCode").asInt()).isEqualTo(400);
        assertThat(simulator.records("Lead")).isEmpty();

        // without allOrNone each subrequest stands alone
        Resp alone = composite(false, List.of(
                sub("POST", V + "/sobjects/Lead", "first", lead("Good", "good-1")),
                sub("POST", V + "/sobjects/Lead", "second", bad)));
        assertThat(alone.json().get("compositeResponse").get(0).get("httpStatusCode").asInt()).isEqualTo(201);
        assertThat(simulator.records("Lead")).hasSize(1);
    }

    private Resp composite(boolean allOrNone, List<Map<String, Object>> subs) {
        return sf.post(sf.data("/composite"), Map.of("allOrNone", allOrNone, "compositeRequest", subs));
    }

    private static Map<String, Object> sub(String method, String url, String referenceId, Object body) {
        Map<String, Object> sub = new LinkedHashMap<>();
        sub.put("method", method);
        sub.put("url", url);
        sub.put("referenceId", referenceId);
        if (body != null) {
            sub.put("body", body);
        }
        return sub;
    }

    private static Map<String, Object> lead(String lastName, String key) {
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("LastName", lastName);
        lead.put("Company", "Composite Co");
        lead.put("ContactSyncId__c", key);
        return lead;
    }
}
