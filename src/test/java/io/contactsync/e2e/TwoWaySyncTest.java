package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Two-way sync (sync-pull.camel.yaml, PATCH /api/contacts/{id}, updates of exported records) on the
 * Lead template of src/test/resources/two-way-mappings: Title both (last-writer), Phone both (salesforce),
 * MobilePhone both (contact-sync), Website both (salesforce-unless-blank), City pull. A sales rep edits
 * in Salesforce through the simulator's admin API as alice.seller@example.com.
 */
@TestPropertySource(properties = "contactsync.mapping.dir=src/test/resources/two-way-mappings")
class TwoWaySyncTest extends EndToEndTest {

    private static final String REP = "alice.seller@example.com";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Autowired
    ProducerTemplate camel;
    @Autowired
    io.contactsync.salesforce.SalesforceStatus salesforceStatus;
    @LocalServerPort
    int port;

    @BeforeEach
    void noCursor() {
        jdbc.update("delete from pull_cursor");
    }

    private long exported(String contactJson) {
        long id = store(contactJson).get(0);
        push(List.of(id), "requester@example.com");
        assertThat(export(id).get("status").asText()).isEqualTo("EXPORTED");
        return id;
    }

    private String sfId(long id) {
        return export(id).get("salesforceId").asText();
    }

    private Map<String, Object> lead(String id) {
        return simulator.records("Lead").stream().filter(l -> id.equals(l.get("Id"))).findFirst().orElseThrow();
    }

    private void poll() {
        camel.sendBody("direct:sync-pull", null);
    }

    /** A save in the Salesforce UI by the sales rep. */
    private void asRep(String method, String leadId, Map<String, Object> fields) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.loginUrl() + "/__admin/as/" + REP
                + "/records/Lead/" + leadId)).header("Content-Type", "application/json");
        request.method(method, fields == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(toJson(fields)));
        HttpResponse<String> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);
    }

    /** A merge or a Lead conversion made by the sales rep in Salesforce. */
    private JsonNode asRep(String action, Map<String, Object> body) throws Exception {
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create(simulator.loginUrl() + "/__admin/as/"
                + REP + "/" + action)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return read(answer.body());
    }

    private HttpResponse<String> patch(Object id, String body) throws Exception {
        String auth = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/contacts/" + id))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(Object id) throws Exception {
        String auth = Base64.getEncoder().encodeToString(("alice:" + ALICE_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/contacts/" + id))
                .header("Authorization", "Basic " + auth).header("X-Requested-With", "test").DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode contactOf(long id) {
        return get("/api/contacts/" + id);
    }

    private static String ada() {
        return """
                {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com", "company": "Engines Ltd",
                 "title": "CTO", "phoneWork": "+44 20 7946 0018", "phoneMobile": "+44 7700 900018",
                 "website": "engines.example", "city": "London", "metBy": "alice.seller@example.com"}
                """;
    }

    @Test
    void aSalesforceEditOfABothFieldIsPulledWithinOnePollAndNotPushedBack() throws Exception {
        long id = exported(ada());
        String leadId = sfId(id);
        asRep("PATCH", leadId, Map.of("Title", "Head of Engines", "City", "Cambridge"));
        simulator.resetCounters();

        poll();

        JsonNode ada = contactOf(id);
        assertThat(ada.get("title").asText()).isEqualTo("Head of Engines");
        assertThat(ada.get("city").asText()).as("a pull field").isEqualTo("Cambridge");
        assertThat(ada.get("export").get("status").asText()).isEqualTo("EXPORTED");
        // one Composite call holding the queryAll of Lead, the only object with exported contacts; nothing written
        assertThat(simulator.callCounts()).containsExactlyEntriesOf(Map.of("composite", 1L));

        // a value taken from Salesforce is no local change: a push has nothing to send
        simulator.resetCounters();
        JsonNode again = push(List.of(id), "requester@example.com");
        assertThat(again.get("skipped").asInt()).isEqualTo(1);
        assertThat(simulator.totalCalls()).isZero();
    }

    @Test
    void aLocalPatchIsPushedAsAnUpdateOfTheRecord() throws Exception {
        long id = exported(ada());
        String leadId = sfId(id);
        assertThat(export(id).has("lastUpdateSentAt")).isFalse();

        HttpResponse<String> answer = patch(id, "{\"title\": \"Chief Engineer\", \"firstName\": \"Augusta Ada\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(read(answer.body()).get("title").asText()).isEqualTo("Chief Engineer");
        assertThat(read(answer.body()).get("lastName").asText()).as("fields not given stay").isEqualTo("Lovelace");
        simulator.resetCounters();

        JsonNode done = push(List.of(id), "requester@example.com");

        assertThat(done.get("exported").asInt()).isEqualTo(1);
        // no lookups for an exported contact; its update is one Collections subrequest of one Composite call
        assertThat(simulator.callCounts()).containsExactlyEntriesOf(Map.of("composite", 1L));
        Map<String, Object> lead = lead(leadId);
        assertThat(lead).containsEntry("Title", "Chief Engineer")
                // FirstName may not override a value already in Salesforce
                .containsEntry("FirstName", "Ada");
        JsonNode state = export(id);
        assertThat(state.get("status").asText()).isEqualTo("EXPORTED");
        assertThat(state.get("salesforceId").asText()).isEqualTo(leadId);
        assertThat(state.hasNonNull("lastUpdateSentAt")).isTrue();
        assertThat(simulator.records("Lead")).hasSize(1);

        // pushed again without a change: nothing sent
        simulator.resetCounters();
        assertThat(push(List.of(id), "requester@example.com").get("skipped").asInt()).isEqualTo(1);
        assertThat(simulator.totalCalls()).isZero();
    }

    @Test
    void aPatchIsCheckedLikeAPost() throws Exception {
        long id = store(ada()).get(0);
        assertThat(patch(id, "{\"titel\": \"x\"}").statusCode()).isEqualTo(400);
        assertThat(patch(id, "{\"leadScore\": \"high\"}").statusCode()).isEqualTo(400);
        assertThat(patch(id, "{\"firstName\": null, \"lastName\": null, \"email\": null}").body()).contains("lastName");
        assertThat(patch(id, "{}").statusCode()).isEqualTo(400);
        assertThat(patch(999_999, "{\"title\": \"x\"}").statusCode()).isEqualTo(404);
        assertThat(contactOf(id).get("title").asText()).isEqualTo("CTO");
        // a contact not exported yet is changed and simply pushed as it is now
        assertThat(patch(id, "{\"title\": \"CEO\", \"website\": null}").statusCode()).isEqualTo(200);
        push(List.of(id), "requester@example.com");
        assertThat(lead(sfId(id))).containsEntry("Title", "CEO").doesNotContainKey("Website");
        // described in the OpenAPI document
        assertThat(get("/api/openapi.json").get("paths").get("/api/contacts/{id}").has("patch")).isTrue();
    }

    @Test
    void conflictsResolveByEachFieldsRule() throws Exception {
        long id = exported(ada());
        String leadId = sfId(id);
        // both sides change the same four fields; Salesforce last
        assertThat(patch(id, """
                {"title": "Local title", "phoneWork": "+44 20 7946 0001", "phoneMobile": "+44 7700 900001",
                 "website": "local.example"}
                """).statusCode()).isEqualTo(200);
        // the rep empties Website (the UI sends "" for an emptied field)
        asRep("PATCH", leadId, Map.of("Title", "Rep title", "Phone", "+44 20 7946 0002",
                "MobilePhone", "+44 7700 900002", "Website", ""));

        poll();

        JsonNode ada = contactOf(id);
        assertThat(ada.get("title").asText()).as("last-writer: Salesforce saved last").isEqualTo("Rep title");
        assertThat(ada.get("phoneWork").asText()).as("salesforce").isEqualTo("+44 20 7946 0002");
        assertThat(ada.get("phoneMobile").asText()).as("contact-sync").isEqualTo("+44 7700 900001");
        assertThat(ada.get("website").asText()).as("salesforce-unless-blank: blank").isEqualTo("local.example");

        // the push sends what stayed local, and not what came from Salesforce
        assertThat(push(List.of(id), "requester@example.com").get("exported").asInt()).isEqualTo(1);
        assertThat(lead(leadId)).containsEntry("Title", "Rep title").containsEntry("Phone", "+44 20 7946 0002")
                .containsEntry("MobilePhone", "+44 7700 900001").containsEntry("Website", "local.example");
    }

    @Test
    void lastWriterKeepsALocalEditNewerThanTheSalesforceOne() throws Exception {
        long id = exported(ada());
        String leadId = sfId(id);
        asRep("PATCH", leadId, Map.of("Title", "Rep title"));
        assertThat(patch(id, "{\"title\": \"Local title\"}").statusCode()).isEqualTo(200);

        poll();

        assertThat(contactOf(id).get("title").asText()).isEqualTo("Local title");
        push(List.of(id), "requester@example.com");
        assertThat(lead(leadId)).containsEntry("Title", "Local title");
    }

    @Test
    void aRecordDeletedInSalesforceIsReflectedAndNotPushedAgain() throws Exception {
        long id = exported(ada());
        asRep("DELETE", sfId(id), null);

        poll();

        JsonNode state = export(id);
        assertThat(state.get("status").asText()).isEqualTo("DELETED_IN_SALESFORCE");
        assertThat(state.get("error").get("message").asText()).contains("deleted in Salesforce");
        assertThat(get("/api/contacts?status=DELETED_IN_SALESFORCE").get("total").asInt()).isEqualTo(1);
        assertThat(patch(id, "{\"title\": \"Still here\"}").statusCode()).isEqualTo(200);
        simulator.resetCounters();
        JsonNode again = push(List.of(id), "requester@example.com");
        assertThat(again.get("skipped").asInt()).isEqualTo(1);
        assertThat(simulator.totalCalls()).isZero();
    }

    @Test
    void aFailedPollKeepsItsCursorAndTheNextPollReadsTheChange() throws Exception {
        long id = exported(ada());
        asRep("PATCH", sfId(id), Map.of("Title", "Head of Engines"));
        simulator.failNext(1, "503");

        poll();

        assertThat(contactOf(id).get("title").asText()).isEqualTo("CTO");
        assertThat(jdbc.queryForObject("select count(*) from pull_cursor", Integer.class)).isZero();
        poll();
        assertThat(contactOf(id).get("title").asText()).isEqualTo("Head of Engines");
        assertThat(jdbc.queryForObject("select count(*) from pull_cursor", Integer.class)).isOne();
    }

    @Test
    void idlePollsAfterAPushCostOneQueryPerObjectAndWriteNothing() throws Exception {
        long id = exported(ada());
        long other = exported(contact("Grace", "Hopper", "grace@example.com", "Navy", REP));
        // the integration user's own update lands in the window of the next polls
        assertThat(patch(id, "{\"title\": \"Chief Engineer\"}").statusCode()).isEqualTo(200);
        push(List.of(id), "requester@example.com");
        List<Map<String, Object>> contactsBefore = jdbc.queryForList("select * from contact order by id");
        List<Map<String, Object>> statesBefore = jdbc.queryForList("select * from export_state order by contact_id");
        simulator.resetCounters();

        for (int i = 0; i < 3; i++) {
            poll();
        }

        // Lead is the only object with exported contacts: one call per poll, no write
        assertThat(simulator.callCounts()).containsExactlyEntriesOf(Map.of("composite", 3L));
        assertThat(jdbc.queryForList("select * from contact order by id")).isEqualTo(contactsBefore);
        assertThat(jdbc.queryForList("select * from export_state order by contact_id")).isEqualTo(statesBefore);
        simulator.resetCounters();
        push(List.of(id, other), "requester@example.com");
        assertThat(simulator.totalCalls()).isZero();
    }

    @Test
    void aMergeInSalesforceLinksTheContactToTheSurvivingRecord() throws Exception {
        long ada = exported(ada());
        long grace = exported(contact("Grace", "Hopper", "grace@example.com", "Navy", REP));
        String adaLead = sfId(ada);
        String master = sfId(grace);
        asRep("merge", Map.of("type", "Lead", "masterId", master, "loserIds", List.of(adaLead)));

        poll();

        JsonNode state = export(ada);
        assertThat(state.get("status").asText()).as("merged, not deleted").isEqualTo("EXPORTED");
        assertThat(state.get("salesforceId").asText()).isEqualTo(master);
        assertThat(state.get("relinkedFrom").asText()).isEqualTo("Lead " + adaLead);
        // pulls continue from the master
        asRep("PATCH", master, Map.of("City", "Arlington"));
        poll();
        assertThat(contactOf(ada).get("city").asText()).isEqualTo("Arlington");
        assertThat(contactOf(grace).get("city").asText()).isEqualTo("Arlington");
    }

    @Test
    void aLeadConvertedInSalesforceIsFollowedToItsContactAndIdlePollsStayOneCall() throws Exception {
        long ada = exported(ada());
        long grace = exported(contact("Grace", "Hopper", "grace@example.com", "Navy", REP));
        String lead = sfId(ada);
        String contactId = asRep("convert", Map.of("leadId", lead)).get("contactId").asText();

        poll();

        JsonNode state = export(ada);
        assertThat(state.get("status").asText()).isEqualTo("EXPORTED");
        assertThat(state.get("object").asText()).isEqualTo("Contact");
        assertThat(state.get("salesforceId").asText()).isEqualTo(contactId);
        assertThat(state.get("relinkedFrom").asText()).isEqualTo("Lead " + lead);
        // the rep edits the Contact: read back by the Contact template (Title both)
        HttpResponse<String> edit = CLIENT.send(HttpRequest.newBuilder(URI.create(simulator.loginUrl() + "/__admin/as/" + REP
                + "/records/Contact/" + contactId)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"Title\": \"Countess\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(edit.statusCode()).as(edit.body()).isEqualTo(204);
        poll();
        JsonNode now = contactOf(ada);
        assertThat(now.get("title").asText()).isEqualTo("Countess");
        assertThat(now.get("export").get("pulledFields").toString()).contains("title");
        assertThat(now.get("export").hasNonNull("pulledAt")).isTrue();

        // Lead (Grace) and Contact (Ada) read in one Composite call: 10 idle polls, 10 calls, nothing written
        poll();
        String states = "select *, pulled_fields::text as pulled from export_state order by contact_id";
        List<Map<String, Object>> before = jdbc.queryForList(states.replace("*,", "contact_id, status, sf_object, sf_id, "
                + "pushed_values::text, pulled_at, relinked_at, updated_at,"));
        simulator.resetCounters();
        for (int i = 0; i < 10; i++) {
            poll();
        }
        assertThat(simulator.callCounts()).containsExactlyEntriesOf(Map.of("composite", 10L));
        assertThat(jdbc.queryForList(states.replace("*,", "contact_id, status, sf_object, sf_id, "
                + "pushed_values::text, pulled_at, relinked_at, updated_at,"))).isEqualTo(before);
        assertThat(export(grace).get("object").asText()).isEqualTo("Lead");
    }

    @Test
    void aContactDeletedHereIsGoneWithItsActivitiesAndItsRecordStaysInSalesforceByDefault() throws Exception {
        long id = exported(ada());
        String leadId = sfId(id);
        post("/api/contacts/" + id + "/activities",
                "{\"externalId\": \"m1\", \"type\": \"call\", \"occurredAt\": \"2026-11-30T10:00:00Z\"}");
        simulator.resetCounters();

        HttpResponse<String> answer = delete(id);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(read(answer.body()).get("salesforce").asText()).isEqualTo("kept");
        assertThat(jdbc.queryForObject("select count(*) from contact where id = ?", Integer.class, id)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from activity where contact_id = ?", Integer.class, id)).isZero();
        assertThat(http.getForEntity("/api/contacts/" + id, String.class).getStatusCode().value()).isEqualTo(404);
        assertThat(lead(leadId)).containsEntry("LastName", "Lovelace");
        assertThat(simulator.totalCalls()).as("contactsync.sync.delete-in-salesforce is false").isZero();
        assertThat(delete(id).statusCode()).isEqualTo(404);
        assertThat(delete("x").statusCode()).isEqualTo(404);
        assertThat(get("/api/openapi.json").get("paths").get("/api/contacts/{id}").has("delete")).isTrue();
    }

    @Test
    void theReconciliationCatchesWhatAPollWindowMissed() throws Exception {
        long ada = exported(ada());
        long grace = exported(contact("Grace", "Hopper", "grace@example.com", "Navy", REP));
        asRep("PATCH", sfId(ada), Map.of("Title", "Head of Engines"));
        asRep("DELETE", sfId(grace), null);
        // the cursor is past both changes: the polls miss them
        jdbc.update("insert into pull_cursor (object, since) values ('Lead', now() + interval '1 hour')");
        poll();
        assertThat(contactOf(ada).get("title").asText()).isEqualTo("CTO");
        simulator.resetCounters();

        camel.sendBody("direct:sync-reconcile", null);

        assertThat(contactOf(ada).get("title").asText()).isEqualTo("Head of Engines");
        assertThat(export(grace).get("status").asText()).isEqualTo("DELETED_IN_SALESFORCE");
        // getUpdated, getDeleted and one queryAll of the two known records; the cursor stays
        assertThat(simulator.callCounts()).containsExactlyInAnyOrderEntriesOf(Map.of("sobject-updated", 1L,
                "sobject-deleted", 1L, "query", 1L));
        assertThat(jdbc.queryForObject("select since > now() from pull_cursor where object = 'Lead'", Boolean.class)).isTrue();
        // the API allowance used up: the refused call pauses sync, and the next reconciliation waits
        simulator.setApiUsage(simulator.settings().getDailyApiLimit());
        camel.sendBody("direct:sync-reconcile", null);
        simulator.resetCounters();
        camel.sendBody("direct:sync-reconcile", null);
        assertThat(simulator.totalCalls()).isZero();
        // a later answer that shows room again resumes sync (as the health check's look at /limits does)
        simulator.setApiUsage(0);
        salesforceStatus.observe("api-usage=0/" + simulator.settings().getDailyApiLimit());
        assertThat(salesforceStatus.automaticSyncAllowed()).isTrue();
    }

    private void activity(long contactId, String externalId) {
        assertThat(post("/api/contacts/" + contactId + "/activities", "{\"externalId\": \"" + externalId
                + "\", \"type\": \"call\", \"occurredAt\": \"2026-11-30T10:00:00Z\"}").getStatusCode().value())
                .isEqualTo(201);
    }

    private JsonNode activityExport(long contactId, String externalId) {
        for (JsonNode a : get("/api/contacts/" + contactId + "/activities")) {
            if (externalId.equals(a.get("externalId").asText())) {
                return a.get("export");
            }
        }
        throw new AssertionError("no activity " + externalId);
    }

    @Test
    void activitiesFollowAConvertedLeadToItsContactAndFailForARecordDeletedInSalesforce() throws Exception {
        long ada = exported(ada());
        long grace = exported(contact("Grace", "Hopper", "grace@example.com", "Navy", REP));
        activity(ada, "before");
        camel.sendBody("direct:activities-drain", null);
        String lead = sfId(ada);
        String contactId = asRep("convert", Map.of("leadId", lead)).get("contactId").asText();
        asRep("DELETE", sfId(grace), null);
        poll();

        activity(ada, "after");
        activity(grace, "orphan");
        camel.sendBody("direct:activities-drain", null);

        // the Task sent before the conversion moved with it, the one after names the Contact
        List<Map<String, Object>> tasks = simulator.records("Task");
        assertThat(tasks).hasSize(2).allMatch(t -> contactId.equals(t.get("WhoId")));
        assertThat(activityExport(ada, "after").get("status").asText()).isEqualTo("EXPORTED");
        JsonNode orphan = activityExport(grace, "orphan");
        assertThat(orphan.get("status").asText()).isEqualTo("FAILED");
        assertThat(orphan.get("errorCode").asText()).isEqualTo("DELETED_IN_SALESFORCE");
        assertThat(orphan.get("errorMessage").asText()).contains("was deleted in Salesforce");
    }
}
