package io.contactsync.simulator;

import static io.contactsync.simulator.SfHttp.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.simulator.SfHttp.Resp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviours checked against the REST API Developer Guide: same-save duplicates, "" as null,
 * queryAll and the replication resources, system fields and saves by other users, the password
 * grant for every active user, {@code _HttpMethod}, and the admin API's write methods.
 */
class SimulatorFidelityTest extends InMemoryOrgTest {

    static final String ALICE = "alice.seller@example.com";

    SfHttp sf;



    @BeforeEach
    void fresh() {
        simulator.settings().setDuplicateRule("block");
        simulator.reset();
        sf = new SfHttp(simulator.loginUrl()).login();
    }

    static Map<String, Object> lead(String last, String email) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attributes", Map.of("type", "Lead"));
        m.put("LastName", last);
        m.put("Company", "Co");
        m.put("Email", email);
        return m;
    }

    String userId(String username) {
        return simulator.records("User").stream().filter(u -> username.equals(u.get("Username")))
                .map(u -> (String) u.get("Id")).findFirst().orElseThrow();
    }

    String create(String last, String email) {
        Map<String, Object> fields = lead(last, email);
        fields.remove("attributes");
        Resp r = sf.post(sf.data("/sobjects/Lead"), fields, "Sforce-Auto-Assign", "FALSE");
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().get("id").asText();
    }

    static String window() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return "?start=" + enc(now.minusHours(1).toString()) + "&end=" + enc(now.plusMinutes(5).toString());
    }

    @Test
    void recordsOfOneSaveAreNotComparedWithEachOtherButWithTheOrg() {
        String existing = create("Known", "known@example.com");
        Resp r = sf.post(sf.data("/composite/sobjects"), Map.of("allOrNone", false, "records", List.of(
                lead("Twin", "twin@example.com"), lead("Twin", "TWIN@example.com"), lead("Again", "known@example.com"))));

        JsonNode results = r.json();
        assertThat(results.get(0).get("success").asBoolean()).as("%s", results).isTrue();
        assertThat(results.get(1).get("success").asBoolean()).as("same save: both saved").isTrue();
        assertThat(results.get(2).get("errors").get(0).get("statusCode").asText()).isEqualTo("DUPLICATES_DETECTED");
        assertThat(results.get(2).get("errors").get(0).get("duplicateResut").get("matchResults").get(0)
                .get("matchRecords").get(0).get("record").get("Id").asText()).isEqualTo(existing);
        // a later save compares with both
        Resp later = sf.post(sf.data("/sobjects/Lead"), Map.of("LastName", "Third", "Company", "Co", "Email", "twin@example.com"));
        assertThat(later.status()).isEqualTo(400);
        assertThat(later.json().get(0).get("duplicateResut").get("matchResults").get(0).get("size").asInt()).isEqualTo(2);
    }

    @Test
    void aTaskUpsertedTwiceOnItsExternalIdIsOneTask() {
        String lead = create("Who", "who@example.com");
        Map<String, Object> task = Map.of("Subject", "Call", "Status", "Completed", "WhoId", lead);
        Resp first = sf.patch(sf.data("/sobjects/Task/ActivitySyncId__c/act-1"), task);
        Resp second = sf.patch(sf.data("/sobjects/Task/ActivitySyncId__c/act-1"), Map.of("Subject", "Call again"));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(simulator.records("Task")).hasSize(1).first()
                .satisfies(t -> assertThat(t.get("Subject")).isEqualTo("Call again"));
    }

    @Test
    void emptyStringIsStoredAsNull() {
        String id = create("Blank", "blank@example.com");
        Resp patched = sf.patch(sf.data("/sobjects/Lead/" + id), Map.of("Title", "", "Email", ""));
        assertThat(patched.status()).as("%s", patched).isEqualTo(204);

        JsonNode lead = sf.get(sf.data("/sobjects/Lead/" + id)).json();
        assertThat(lead.get("Title").isNull()).isTrue();
        assertThat(lead.get("Email").isNull()).isTrue();
        assertThat(sf.get(sf.query("SELECT Id FROM Lead WHERE Email = null")).json().get("totalSize").asInt()).isEqualTo(1);
    }

    @Test
    void postWithHttpMethodPatchIsAnUpdate() {
        String id = create("Override", "override@example.com");
        Resp r = sf.post(sf.data("/sobjects/Lead/" + id + "?_HttpMethod=PATCH"), Map.of("Title", "CTO"));
        assertThat(r.status()).as("%s", r).isEqualTo(204);
        assertThat(sf.get(sf.data("/sobjects/Lead/" + id)).json().get("Title").asText()).isEqualTo("CTO");
        assertThat(simulator.callCounts()).containsEntry("sobject-update", 1L);
    }

    @Test
    void queryAllReturnsDeletedRecordsMarkedIsDeleted() {
        String kept = create("Kept", "kept@example.com");
        String gone = create("Gone", "gone@example.com");
        assertThat(sf.delete(sf.data("/sobjects/Lead/" + gone)).status()).isEqualTo(204);

        String soql = enc("SELECT Id, IsDeleted FROM Lead ORDER BY LastName");
        JsonNode all = sf.get(sf.data("/queryAll?q=" + soql)).json();
        assertThat(all.get("totalSize").asInt()).isEqualTo(2);
        assertThat(all.get("records").get(0).get("Id").asText()).isEqualTo(gone);
        assertThat(all.get("records").get(0).get("IsDeleted").asBoolean()).isTrue();
        assertThat(all.get("records").get(1).get("IsDeleted").asBoolean()).isFalse();
        JsonNode live = sf.get(sf.data("/query?q=" + soql)).json();
        assertThat(live.get("totalSize").asInt()).isEqualTo(1);
        assertThat(live.get("records").get(0).get("Id").asText()).isEqualTo(kept);
        assertThat(sf.delete(sf.data("/sobjects/Lead/" + gone)).json().get(0).get("errorCode").asText())
                .isEqualTo("ENTITY_IS_DELETED");
    }

    @Test
    void updatedAndDeletedAnswerAsTheReplicationResources() {
        String changed = create("Changed", "changed@example.com");
        String deleted = create("Deleted", "deleted@example.com");
        sf.delete(sf.data("/sobjects/Lead/" + deleted));

        Resp updated = sf.get(sf.data("/sobjects/Lead/updated/" + window()));
        assertThat(updated.status()).as("%s", updated).isEqualTo(200);
        assertThat(fieldNames(updated.json())).containsExactly("ids", "latestDateCovered");
        assertThat(updated.json().get("ids").toString()).contains(changed).doesNotContain(deleted);
        assertThat(updated.json().get("latestDateCovered").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00\\.000\\+0000");

        Resp gone = sf.get(sf.data("/sobjects/Lead/deleted/" + window()));
        assertThat(gone.status()).as("%s", gone).isEqualTo(200);
        assertThat(fieldNames(gone.json())).containsExactly("deletedRecords", "earliestDateAvailable", "latestDateCovered");
        JsonNode record = gone.json().get("deletedRecords").get(0);
        assertThat(fieldNames(record)).containsExactly("id", "deletedDate");
        assertThat(record.get("id").asText()).isEqualTo(deleted);

        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Resp reversed = sf.get(sf.data("/sobjects/Lead/updated/?start=" + enc(now.toString()) + "&end="
                + enc(now.minusHours(1).toString())));
        assertThat(reversed.json().get(0).get("errorCode").asText()).isEqualTo("INVALID_REPLICATION_DATE");
        Resp tooOld = sf.get(sf.data("/sobjects/Lead/deleted/?start=" + enc(now.minusDays(20).toString()) + "&end="
                + enc(now.toString())));
        assertThat(tooOld.json().get(0).get("errorCode").asText()).isEqualTo("INVALID_REPLICATION_DATE");
    }

    @Test
    void aSalesRepEditsAndDeletesThroughTheAdminApiAndTheSystemFieldsSaySo() {
        String integration = userId("integration@contactsync.local");
        String alice = userId(ALICE);
        String id = create("Edited", "edited@example.com");
        JsonNode created = sf.get(sf.data("/sobjects/Lead/" + id)).json();
        assertThat(created.get("CreatedById").asText()).isEqualTo(integration);
        assertThat(created.get("LastModifiedById").asText()).isEqualTo(integration);
        assertThat(created.get("CreatedDate").asText()).isEqualTo(created.get("SystemModstamp").asText());

        Resp edit = sf.patch("/__admin/as/" + ALICE + "/records/Lead/" + id, Map.of("Title", "Buyer"));
        assertThat(edit.status()).as("%s", edit).isEqualTo(204);
        JsonNode edited = sf.get(sf.data("/sobjects/Lead/" + id)).json();
        assertThat(edited.get("Title").asText()).isEqualTo("Buyer");
        assertThat(edited.get("LastModifiedById").asText()).isEqualTo(alice);
        assertThat(edited.get("CreatedById").asText()).isEqualTo(integration);

        Resp made = sf.post("/__admin/as/" + ALICE + "/records/Lead", Map.of("LastName", "Typed", "Company", "Co"));
        assertThat(made.status()).as("%s", made).isEqualTo(201);
        assertThat(sf.get(sf.data("/sobjects/Lead/" + made.json().get("id").asText())).json().get("CreatedById").asText())
                .isEqualTo(alice);

        assertThat(sf.delete("/__admin/as/" + ALICE + "/records/Lead/" + id).status()).isEqualTo(204);
        JsonNode row = sf.get(sf.data("/queryAll?q=" + enc("SELECT LastModifiedById, IsDeleted FROM Lead WHERE Id = '" + id + "'")))
                .json().get("records").get(0);
        assertThat(row.get("IsDeleted").asBoolean()).isTrue();
        assertThat(row.get("LastModifiedById").asText()).isEqualTo(alice);
        assertThat(sf.delete("/__admin/as/ina.former@example.com/records/Lead/" + made.json().get("id").asText()).status())
                .as("an inactive user saves nothing").isEqualTo(400);
        assertThat(sf.get("/__admin/as/" + ALICE + "/records/Lead/" + id).status()).isEqualTo(405);
    }

    @Test
    void seededUsersHaveSystemFields() {
        String integration = userId("integration@contactsync.local");
        assertThat(simulator.records("User")).allSatisfy(user -> {
            assertThat(user.get("CreatedById")).isEqualTo(integration);
            assertThat(user.get("LastModifiedById")).isEqualTo(integration);
            assertThat(user.get("CreatedDate")).isNotNull();
            assertThat(user.get("SystemModstamp")).isNotNull();
        });
    }

    @Test
    void everyActiveUserLogsInWithThePasswordGrant() {
        SfHttp asAlice = new SfHttp(simulator.loginUrl()).login(ALICE, "simulator");
        JsonNode me = asAlice.get("/services/oauth2/userinfo").json();
        assertThat(me.get("user_id").asText()).isEqualTo(userId(ALICE));
        Resp created = asAlice.post(asAlice.data("/sobjects/Lead"), Map.of("LastName", "Mine", "Company", "Co"),
                "Sforce-Auto-Assign", "FALSE");
        assertThat(simulator.records("Lead").get(0).get("OwnerId")).isEqualTo(userId(ALICE));
        assertThat(created.status()).isEqualTo(201);

        Resp inactive = sf.token(SfHttp.passwordForm("ina.former@example.com", "simulator"));
        assertThat(inactive.status()).isEqualTo(400);
        assertThat(inactive.json().get("error").asText()).isEqualTo("invalid_grant");
        Resp wrongPassword = sf.token(SfHttp.passwordForm(ALICE, "guess"));
        assertThat(wrongPassword.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void methodNotAllowedNamesTheMethodsThePathTakes() {
        String id = create("Methods", "methods@example.com");
        Resp r = sf.send("PUT", sf.data("/sobjects/Lead/" + id), Map.of("Title", "x"));
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.json().get(0).get("errorCode").asText()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(r.json().get(0).get("message").asText()).contains("GET,PATCH,DELETE");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
