package io.contactsync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.simulator.SfHttp.Resp;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's answers compared with responses recorded from real Salesforce orgs (and with reference
 * fixtures of well-known clients), under src/test/resources/fixtures/salesforce: same status, same keys,
 * same value types, same messages where they do not depend on the org's own objects.
 */
class SimulatorFixturesTest extends InMemoryOrgTest {

    static final String SFFX = "sf-fx-runtime-java/";

    SfHttp sf;
    int seq;



    @BeforeEach
    void fresh() {
        simulator.reset();
        simulator.resetCounters();
        sf = new SfHttp(simulator.loginUrl()).login();
        sf.version = "v53.0"; // the version the sf-fx-runtime-java recordings were made with
    }

    // --- fixtures ------------------------------------------------------------------------------

    static JsonNode resource(String path) {
        try (InputStream in = SimulatorFixturesTest.class.getResourceAsStream("/fixtures/salesforce/" + path)) {
            assertThat(in).as("fixture %s", path).isNotNull();
            return SfHttp.JSON.readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A recorded WireMock response: status, parsed body (or null), headers. */
    record Recorded(int status, JsonNode body, JsonNode headers) {
        String header(String name) {
            JsonNode h = headers.get(name);
            return h == null ? null : h.asText();
        }
    }

    static Recorded recorded(String file) {
        JsonNode response = resource(SFFX + file).get("response");
        String body = response.path("body").asText("");
        try {
            JsonNode parsed = body.isEmpty() ? null : SfHttp.JSON.readTree(body);
            if (parsed instanceof ObjectNode o) {
                o.remove("_trimmed_note");
            }
            return new Recorded(response.get("status").asInt(), parsed, response.path("headers"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return SfHttp.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // --- shape comparison ------------------------------------------------------------------------

    /** Same keys and same JSON value types, recursively; a null in the recording accepts any value. */
    static List<String> shapeDifferences(JsonNode expected, JsonNode actual) {
        List<String> problems = new ArrayList<>();
        compare("$", expected, actual, problems);
        return problems;
    }

    private static void compare(String at, JsonNode expected, JsonNode actual, List<String> problems) {
        if (expected == null || expected.isNull()) {
            return;
        }
        if (actual == null || actual.isMissingNode()) {
            problems.add(at + ": missing (expected " + expected.getNodeType() + ")");
            return;
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                problems.add(at + ": expected object, got " + actual.getNodeType() + " " + actual);
                return;
            }
            Set<String> ek = keys(expected);
            Set<String> ak = keys(actual);
            Set<String> missing = new HashSet<>(ek);
            missing.removeAll(ak);
            Set<String> extra = new HashSet<>(ak);
            extra.removeAll(ek);
            if (!missing.isEmpty()) {
                problems.add(at + ": missing keys " + missing);
            }
            if (!extra.isEmpty()) {
                problems.add(at + ": extra keys " + extra);
            }
            for (String k : ek) {
                if (ak.contains(k)) {
                    compare(at + "." + k, expected.get(k), actual.get(k), problems);
                }
            }
        } else if (expected.isArray()) {
            if (!actual.isArray()) {
                problems.add(at + ": expected array, got " + actual.getNodeType() + " " + actual);
                return;
            }
            if (expected.size() > 0) {
                for (int i = 0; i < actual.size(); i++) {
                    compare(at + "[" + i + "]", expected.get(Math.min(i, expected.size() - 1)), actual.get(i), problems);
                }
            }
        } else if (expected.isNumber() != actual.isNumber() || expected.isTextual() != actual.isTextual()
                || expected.isBoolean() != actual.isBoolean()) {
            problems.add(at + ": expected " + expected.getNodeType() + ", got " + actual.getNodeType() + " " + actual);
        }
    }

    static Set<String> keys(JsonNode node) {
        Set<String> keys = new HashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    static void assertSameShape(String what, JsonNode expected, JsonNode actual) {
        assertThat(shapeDifferences(expected, actual)).as("%s: recorded %s, simulator %s", what, expected, actual)
                .isEmpty();
    }

    static String norm(String contentType) {
        return contentType == null ? null : contentType.replace(" ", "").toLowerCase();
    }

    /** Status, headers every recorded data response carries, and (when given) the body's shape. */
    static void assertLikeRecording(Recorded rec, Resp actual) {
        assertThat(actual.status()).as("status, simulator answered %s", actual).isEqualTo(rec.status());
        assertThat(actual.header("Sforce-Limit-Info")).as("Sforce-Limit-Info").isNotNull()
                .matches("api-usage=\\d+/\\d+");
        assertThat(rec.header("Sforce-Limit-Info")).matches("api-usage=\\d+/\\d+");
        if (rec.header("Content-Type") != null) {
            assertThat(norm(actual.header("Content-Type"))).isEqualTo(norm(rec.header("Content-Type")));
        }
        if (rec.body() == null) {
            assertThat(actual.body()).as("recorded response has no body").isEmpty();
        } else {
            assertSameShape("body", rec.body(), actual.json());
        }
    }

    /** The recorded body with the recording org's names replaced by the simulator's. */
    static JsonNode substituted(Recorded rec, Map<String, String> replacements) {
        String text = rec.body().toString();
        for (Map.Entry<String, String> e : replacements.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        return json(text);
    }

    Map<String, Object> lead(String lastName) {
        seq++;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("LastName", lastName);
        m.put("FirstName", "F" + seq);
        m.put("Company", "Fixture Co " + seq);
        m.put("Email", "fixture" + seq + "@example.com");
        return m;
    }

    String createLead(String lastName) {
        Resp r = sf.post(sf.data("/sobjects/Lead"), lead(lastName));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().get("id").asText();
    }

    // --- sObject rows ----------------------------------------------------------------------------

    @Test
    void createMatchesRecording() {
        Recorded rec = recorded("create.json");
        Resp r = sf.post(sf.data("/sobjects/Lead"), lead("Empire"));
        assertLikeRecording(rec, r);
        assertThat(r.json()).isEqualTo(json("{\"id\":\"" + r.json().get("id").asText() + "\",\"success\":true,\"errors\":[]}"));
        String recordedId = rec.body().get("id").asText();
        assertThat(rec.header("Location")).isEqualTo("/services/data/v53.0/sobjects/Movie__c/" + recordedId);
        assertThat(r.header("Location")).isEqualTo("/services/data/v53.0/sobjects/Lead/" + r.json().get("id").asText());
        assertThat(r.json().get("id").asText()).hasSameSizeAs(recordedId);
    }

    @Test
    void requiredFieldMissingMatchesRecording() {
        Recorded rec = recorded("create-required-field-missing.json");
        Map<String, Object> f = lead("x");
        f.remove("LastName");
        Resp r = sf.post(sf.data("/sobjects/Lead"), f);
        assertLikeRecording(rec, r);
        assertThat(r.json()).isEqualTo(substituted(rec, Map.of("Website__c", "LastName")));
    }

    @Test
    void invalidFieldOnCreateMatchesRecording() {
        Recorded rec = recorded("create-invalid-field.json");
        Map<String, Object> f = lead("Pet");
        f.put("FavoritePet__c", "Dog");
        Resp r = sf.post(sf.data("/sobjects/Lead"), f);
        assertLikeRecording(rec, r);
        assertThat(r.json()).isEqualTo(substituted(rec, Map.of("type Account", "type Lead")));
    }

    @Test
    void restrictedPicklistMatchesRecording() {
        Recorded rec = recorded("create-invalid-picklist-value.json");
        Map<String, Object> f = lead("Jedi");
        f.put("Status", "Terrible");
        Resp r = sf.post(sf.data("/sobjects/Lead"), f);
        assertLikeRecording(rec, r);
        JsonNode e = r.json().get(0);
        assertThat(e.get("errorCode").asText()).isEqualTo(rec.body().get(0).get("errorCode").asText());
        assertThat(e.get("message").asText()).matches("[A-Za-z ]+: bad value for restricted picklist field: Terrible");
        assertThat(e.get("fields")).isEqualTo(json("[\"Status\"]"));
    }

    @Test
    void unknownObjectMatchesRecording() {
        Recorded rec = recorded("create-unknown-object.json");
        Resp r = sf.post(sf.data("/sobjects/PlayingCard__c"), Map.of("Name", "Ace of Spades"));
        assertLikeRecording(rec, r);
        assertThat(r.json()).isEqualTo(rec.body());
    }

    @Test
    void updateMatchesRecording() {
        Recorded rec = recorded("update.json");
        String id = createLead("Update");
        Resp r = sf.patch(sf.data("/sobjects/Lead/" + id), Map.of("MetOn__c", "1980-05-21"));
        assertLikeRecording(rec, r);
    }

    @Test
    void invalidFieldOnUpdateMatchesRecording() {
        Recorded rec = recorded("update-invalid-field.json");
        String id = createLead("Color");
        Resp r = sf.patch(sf.data("/sobjects/Lead/" + id), Map.of("Color__c", "Red"));
        assertLikeRecording(rec, r);
        assertThat(r.json()).isEqualTo(substituted(rec, Map.of("type Movie__c", "type Lead")));
    }

    @Test
    void malformedIdMatchesRecording() {
        Recorded rec = recorded("update-malformed-id.json");
        String id = createLead("Malformed");
        String bad = SfHttp.wrongChecksum(id);
        Resp r = sf.patch(sf.data("/sobjects/Lead/" + bad), Map.of("MetOn__c", "1980-05-21"));
        assertLikeRecording(rec, r);
        JsonNode e = r.json().get(0);
        assertThat(e.get("errorCode").asText()).isEqualTo("MALFORMED_ID");
        assertThat(e.get("fields")).isEqualTo(rec.body().get(0).get("fields"));
        // the recording's own id also has a wrong checksum: that is what the recording shows
        String recordedBad = resource(SFFX + "update-malformed-id.json").get("request").get("url").asText()
                .replaceAll(".*/", "");
        assertThat(SfHttp.validId(recordedBad)).isFalse();
        assertThat(e.get("message").asText()).matches("[A-Za-z ]+ ID: id value of incorrect type: " + bad);
    }

    @Test
    void deleteMatchesRecording() {
        Recorded rec = recorded("delete.json");
        String id = createLead("Delete");
        assertLikeRecording(rec, sf.delete(sf.data("/sobjects/Lead/" + id)));
    }

    @Test
    void deleteOfDeletedMatchesRecording() {
        Recorded rec = recorded("delete-already-deleted.json");
        String id = createLead("Twice");
        assertThat(sf.delete(sf.data("/sobjects/Lead/" + id)).status()).isEqualTo(204);
        Resp r = sf.delete(sf.data("/sobjects/Lead/" + id));
        assertLikeRecording(rec, r);
        assertThat(r.json()).isEqualTo(rec.body());
    }

    // --- query -------------------------------------------------------------------------------------

    @Test
    void queryMatchesRecording() {
        Recorded rec = recorded("query.json");
        for (String name : List.of("An awesome test account", "Global Media", "Acme", "salesforce.com", "sForce")) {
            assertThat(sf.post(sf.data("/sobjects/Account"), Map.of("Name", name)).status()).isEqualTo(201);
        }
        Resp r = sf.get(sf.query("SELECT Name FROM Account"));
        assertLikeRecording(rec, r);
        assertThat(r.json().get("totalSize").asInt()).isEqualTo(rec.body().get("totalSize").asInt());
        JsonNode first = r.json().get("records").get(0);
        assertThat(first.get("attributes").get("url").asText()).matches("/services/data/v53\\.0/sobjects/Account/001[A-Za-z0-9]{15}");
    }

    @Test
    void malformedSoqlMatchesRecording() {
        Recorded rec = recorded("query-malformed-soql.json");
        Resp r = sf.get(sf.query("SELEKT Name FROM Lead"));
        assertLikeRecording(rec, r);
        assertThat(r.json()).isEqualTo(rec.body());
    }

    @Test
    void unknownColumnMatchesRecording() {
        Recorded rec = recorded("query-unknown-column.json");
        Resp r = sf.get(sf.query("SELECT Bacon__c FROM Lead LIMIT 2"));
        assertLikeRecording(rec, r);
        assertThat(r.json()).isEqualTo(substituted(rec, Map.of("FROM Account", "FROM Lead", "entity 'Account'", "entity 'Lead'")));
    }

    @Test
    void pagedQueryMatchesRecordings() {
        Recorded page1 = recorded("query-with-next-records-url.trimmed.json");
        Recorded page2 = recorded("query-with-next-records-url-2.trimmed.json");
        for (int i = 0; i < 4_100; i++) {
            simulator.create("Lead", Map.of("LastName", "Page" + i, "Company", "Pages", "Status", "Open - Not Contacted"));
        }
        Pattern next = Pattern.compile("/services/data/v53\\.0/query/(01g[A-Za-z0-9]{15})-(\\d+)");
        Matcher recorded1 = next.matcher(page1.body().get("nextRecordsUrl").asText());
        assertThat(recorded1.matches()).isTrue();

        Resp r1 = sf.get(sf.query("SELECT LastName, Company FROM Lead"));
        assertThat(r1.status()).isEqualTo(page1.status());
        JsonNode b1 = r1.json();
        assertThat(keys(b1)).isEqualTo(keys(page1.body()));
        assertThat(b1.get("done").asBoolean()).isEqualTo(page1.body().get("done").asBoolean());
        assertThat(b1.get("records").size()).isEqualTo(2000);
        Matcher m1 = next.matcher(b1.get("nextRecordsUrl").asText());
        assertThat(m1.matches()).as("nextRecordsUrl %s like recorded %s", b1.get("nextRecordsUrl"),
                page1.body().get("nextRecordsUrl")).isTrue();
        assertThat(m1.group(2)).isEqualTo("2000");
        JsonNode recordedRecord = page1.body().get("records").get(0);
        JsonNode rec1 = b1.get("records").get(0);
        assertSameShape("record attributes", recordedRecord.get("attributes"), rec1.get("attributes"));
        assertThat(keys(rec1)).containsExactlyInAnyOrder("attributes", "LastName", "Company");
        assertThat(rec1.get("attributes").get("url").asText()).matches("/services/data/v53\\.0/sobjects/Lead/00Q[A-Za-z0-9]{15}");
        assertLikeRecordingHeaders(page1, r1);

        Resp r2 = sf.get(b1.get("nextRecordsUrl").asText());
        assertThat(r2.status()).isEqualTo(page2.status());
        JsonNode b2 = r2.json();
        assertThat(keys(b2)).isEqualTo(keys(page2.body()));
        Matcher m2 = next.matcher(b2.get("nextRecordsUrl").asText());
        assertThat(m2.matches()).isTrue();
        assertThat(m2.group(1)).isEqualTo(m1.group(1));
        assertThat(m2.group(2)).isEqualTo("4000");
        assertThat(b2.get("totalSize").asInt()).isEqualTo(4_100);
        assertLikeRecordingHeaders(page2, r2);

        JsonNode b3 = sf.get(b2.get("nextRecordsUrl").asText()).json();
        assertThat(keys(b3)).containsExactlyInAnyOrder("totalSize", "done", "records");
        assertThat(b3.get("records").size()).isEqualTo(100);
    }

    static void assertLikeRecordingHeaders(Recorded rec, Resp r) {
        assertThat(r.header("Sforce-Limit-Info")).matches("api-usage=\\d+/\\d+");
        assertThat(norm(r.header("Content-Type"))).isEqualTo(norm(rec.header("Content-Type")));
    }

    // --- limits ------------------------------------------------------------------------------------

    @Test
    void limitsHaveTheRecordedKeysAndShapes() {
        JsonNode recordedLimits = resource("camel/limits.json");
        Resp r = sf.get(sf.data("/limits"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode limits = r.json();
        assertThat(keys(limits)).containsAll(keys(recordedLimits));
        recordedLimits.fieldNames().forEachRemaining(name -> {
            JsonNode e = limits.get(name);
            assertThat(keys(e)).as(name).containsAll(keys(recordedLimits.get(name)));
            assertThat(e.get("Max").isIntegralNumber()).as(name + ".Max").isTrue();
            assertThat(e.get("Remaining").isIntegralNumber()).as(name + ".Remaining").isTrue();
            assertThat(e.get("Remaining").asLong()).as(name).isLessThanOrEqualTo(e.get("Max").asLong());
        });
        assertThat(limits.get("DailyApiRequests").get("Max").asLong()).isEqualTo(simulator.settings().getDailyApiLimit());
    }

    // --- collections (restforce fixtures) ---------------------------------------------------------

    @Test
    void collectionCreateMatchesFixture() {
        JsonNode fx = resource("restforce/sobject/composite_sobjects_success_response.json");
        Map<String, Object> rec = new LinkedHashMap<>(Map.of("attributes", Map.of("type", "Lead")));
        rec.putAll(lead("Coll"));
        Resp r = sf.post(sf.data("/composite/sobjects"), Map.of("allOrNone", false, "records", List.of(rec)));
        assertThat(r.status()).isEqualTo(200);
        assertSameShape("collections create", fx, r.json());
        assertThat(r.header("Sforce-Limit-Info")).isNotNull();
    }

    @Test
    void collectionDeleteMatchesFixtures() {
        JsonNode ok = resource("restforce/sobject/composite_sobjects_destroy_success_response.json");
        String id = createLead("CollDel");
        Resp r = sf.delete(sf.data("/composite/sobjects?ids=" + id));
        assertThat(r.status()).isEqualTo(200);
        assertSameShape("collections delete", ok, r.json());
        assertThat(r.json().get(0).get("id").asText()).isEqualTo(id);

        JsonNode bad = resource("restforce/sobject/composite_sobjects_destroy_bad_request_response.json");
        Resp none = sf.delete(sf.data("/composite/sobjects?ids="));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json()).isEqualTo(bad);
    }

    @Test
    void upsertMatchesFixtures() {
        JsonNode created = resource("restforce/sobject/upsert_created_success_response.json");
        Resp r = sf.patch(sf.data("/sobjects/Lead/ContactSyncId__c/fx-1"), lead("Upsert"));
        assertThat(r.status()).isEqualTo(201);
        // the fixture predates API v46, since which upsert results also carry "created"
        ObjectNode expected = created.deepCopy();
        expected.put("created", true);
        assertSameShape("upsert created", expected, r.json());

        JsonNode multiple = resource("restforce/sobject/upsert_multiple_error_response.json");
        simulator.create("Lead", Map.of("LastName", "A", "Company", "C", "ContactSyncId__c", "fx-2"));
        simulator.create("Lead", Map.of("LastName", "B", "Company", "C", "ContactSyncId__c", "fx-2"));
        Resp m = sf.patch(sf.data("/sobjects/Lead/ContactSyncId__c/fx-2"), Map.of("LastName", "Z"));
        assertThat(m.status()).isEqualTo(300);
        assertSameShape("upsert 300", multiple, m.json());
        assertThat(m.json().get(0).asText()).matches("/services/data/v53\\.0/sobjects/Lead/00Q[A-Za-z0-9]{15}");
    }

    // --- composite (camel fixtures) ----------------------------------------------------------------

    @Test
    void compositeSuccessMatchesFixture() {
        JsonNode fx = resource("camel/composite_response_example_success.json");
        String v = "/services/data/v53.0";
        Resp r = sf.post(sf.data("/composite"), Map.of("allOrNone", true, "compositeRequest", List.of(
                Map.of("method", "POST", "url", v + "/sobjects/Lead", "referenceId", "NewLead1", "body", lead("Comp1")),
                Map.of("method", "POST", "url", v + "/sobjects/Lead", "referenceId", "NewLead2", "body", lead("Comp2")))));
        assertThat(r.status()).isEqualTo(200);
        // the recording (API v41) still had "warnings" in create results; newer versions do not
        ObjectNode expected = fx.deepCopy();
        for (JsonNode sub : expected.get("compositeResponse")) {
            ((ObjectNode) sub.get("body")).remove("warnings");
        }
        JsonNode actual = r.json().deepCopy();
        for (JsonNode sub : actual.get("compositeResponse")) {
            if (sub.get("body") instanceof ObjectNode body) {
                body.remove("warnings");
            }
        }
        assertSameShape("composite success", expected, actual);
        JsonNode first = r.json().get("compositeResponse").get(0);
        assertThat(first.get("httpHeaders").get("Location").asText())
                .isEqualTo(v + "/sobjects/Lead/" + first.get("body").get("id").asText());
        assertThat(first.get("referenceId").asText()).isEqualTo("NewLead1");
    }

    @Test
    void compositeFailureMatchesFixture() {
        JsonNode fx = resource("camel/composite_response_example_failure.json");
        String v = "/services/data/v53.0";
        Map<String, Object> bad = lead("Bad");
        bad.remove("LastName"); // an error that, like the recorded one, carries "fields"
        Resp r = sf.post(sf.data("/composite"), Map.of("allOrNone", true, "compositeRequest", List.of(
                Map.of("method", "POST", "url", v + "/sobjects/Lead", "referenceId", "NewLead1", "body", lead("Good")),
                Map.of("method", "POST", "url", v + "/sobjects/Lead", "referenceId", "NewLead2", "body", bad))));
        assertThat(r.status()).isEqualTo(200);
        assertSameShape("composite failure", fx, r.json());
        JsonNode subs = r.json().get("compositeResponse");
        assertThat(subs.get(0).get("body")).isEqualTo(fx.get("compositeResponse").get(0).get("body"));
        assertThat(subs.get(1).get("body").get(0).get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(simulator.records("Lead")).isEmpty();
    }

    // --- auth (restforce fixtures) -------------------------------------------------------------------

    @Test
    void passwordLoginHasTheFixtureKeys() {
        JsonNode fx = resource("restforce/auth_success_response.json");
        Resp r = new SfHttp(simulator.loginUrl()).token(SfHttp.passwordForm("integration@contactsync.local", "simulator"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(keys(r.json())).containsAll(keys(fx));
        for (String k : keys(fx)) {
            assertThat(r.json().get(k).isTextual()).as(k).isTrue();
        }
        String recordedId = fx.get("id").asText();
        assertThat(recordedId).matches("https://login\\.salesforce\\.com/id/00D\\w+/005\\w+");
        assertThat(r.json().get("id").asText()).matches("https?://[^/]+/id/00D[A-Za-z0-9]{15}/005[A-Za-z0-9]{15}");
    }

    @Test
    void authErrorsHaveTheFixtureShape() {
        JsonNode fx = resource("restforce/auth_error_response.json");
        Resp r = new SfHttp(simulator.loginUrl()).token(SfHttp.passwordForm("integration@contactsync.local", "nope"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(keys(r.json())).isEqualTo(keys(fx));
        assertThat(r.json().get("error")).isEqualTo(fx.get("error"));
        assertThat(r.json().get("error_description").asText()).startsWith("authentication failure");

        JsonNode refreshFx = resource("restforce/refresh_error_response.json");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", SfHttp.CLIENT_ID);
        form.put("client_secret", SfHttp.CLIENT_SECRET);
        form.put("refresh_token", "expired-token");
        Resp rr = new SfHttp(simulator.loginUrl()).token(form);
        assertThat(rr.status()).isEqualTo(400);
        assertThat(rr.json()).isEqualTo(refreshFx);
    }

    @Test
    void versionsHaveTheFixtureShape() {
        JsonNode fx = resource("restforce/services_data_success_response.json");
        Resp r = sf.get("/services/data/");
        assertThat(r.status()).isEqualTo(200);
        assertSameShape("versions", fx, r.json());
        assertThat(r.json().size()).isGreaterThan(1);
        ArrayNode versions = (ArrayNode) r.json();
        assertThat(versions.get(versions.size() - 1).get("version").asDouble())
                .as("newest version last").isGreaterThanOrEqualTo(versions.get(0).get("version").asDouble());
    }
}
