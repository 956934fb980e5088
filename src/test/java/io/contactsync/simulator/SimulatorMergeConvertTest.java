package io.contactsync.simulator;

import static io.contactsync.simulator.SfHttp.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.simulator.SfHttp.Resp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Merge and Lead conversion made by a sales rep through the admin API, seen through the REST API as Salesforce shows them. */
class SimulatorMergeConvertTest extends InMemoryOrgTest {

    static final String REP = "alice.seller@example.com";

    SfHttp sf;

    @BeforeEach
    void fresh() {
        simulator.settings().setDuplicateRule("off");
        simulator.reset();
        sf = new SfHttp(simulator.loginUrl()).login();
    }

    private String create(String type, Map<String, Object> fields) {
        Resp r = sf.post(sf.data("/sobjects/" + type), fields);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private Resp asRep(String action, Object body) {
        return sf.post("/__admin/as/" + REP + "/" + action, body);
    }

    private JsonNode queryAll(String soql) {
        Resp r = sf.get(sf.data("/queryAll?q=" + enc(soql)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("records");
    }

    private String repId() {
        return simulator.records("User").stream().filter(u -> REP.equals(u.get("Username")))
                .map(u -> (String) u.get("Id")).findFirst().orElseThrow();
    }

    @Test
    void aMergeDeletesTheLosersWithMasterRecordIdAndMovesTheirTasks() throws Exception {
        String master = create("Contact", Map.of("LastName", "Lovelace", "Email", "ada@example.com"));
        String loser = create("Contact", Map.of("LastName", "Lovelace", "Title", "CTO"));
        String other = create("Contact", Map.of("LastName", "Byron"));
        String task = create("Task", Map.of("Subject", "Call", "WhoId", loser));
        Thread.sleep(5);

        Resp merged = asRep("merge", Map.of("type", "Contact", "masterId", master, "loserIds", List.of(loser, other),
                "fields", Map.of("Title", "CTO")));

        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        assertThat(merged.json().get("mergedRecordIds").toString()).contains(loser, other);
        JsonNode rows = queryAll("SELECT Id, IsDeleted, MasterRecordId, Title, LastModifiedById FROM Contact");
        assertThat(rows).hasSize(3);
        for (JsonNode row : rows) {
            String id = row.get("Id").asText();
            if (id.equals(master)) {
                assertThat(row.get("IsDeleted").asBoolean()).isFalse();
                assertThat(row.get("Title").asText()).isEqualTo("CTO");
                assertThat(row.get("LastModifiedById").asText()).isEqualTo(repId());
            } else {
                assertThat(row.get("IsDeleted").asBoolean()).isTrue();
                assertThat(row.get("MasterRecordId").asText()).isEqualTo(master);
            }
        }
        assertThat(sf.get(sf.data("/sobjects/Contact/" + loser)).status()).isEqualTo(404);
        JsonNode moved = queryAll("SELECT WhoId FROM Task WHERE Id = '" + task + "'");
        assertThat(moved.get(0).get("WhoId").asText()).isEqualTo(master);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        Resp deleted = sf.get(sf.data("/sobjects/Contact/deleted/?start=" + enc(now.minusMinutes(5).toString())
                + "&end=" + enc(now.plusMinutes(2).toString())));
        assertThat(deleted.body()).contains(loser, other).doesNotContain(master);
    }

    @Test
    void aMergeIsRefusedForOtherTypesTooManyLosersAndUnknownIds() {
        String a = create("Lead", Map.of("LastName", "A", "Company", "X"));
        String b = create("Lead", Map.of("LastName", "B", "Company", "X"));
        assertThat(firstCode(asRep("merge", Map.of("type", "Task", "masterId", a, "loserIds", List.of(b)))))
                .isEqualTo("INVALID_TYPE_FOR_OPERATION");
        String c = create("Lead", Map.of("LastName", "C", "Company", "X"));
        String d = create("Lead", Map.of("LastName", "D", "Company", "X"));
        assertThat(firstCode(asRep("merge", Map.of("type", "Lead", "masterId", a, "loserIds", List.of(b, c, d)))))
                .isEqualTo("INVALID_BATCH_SIZE");
        assertThat(firstCode(asRep("merge", Map.of("type", "Lead", "masterId", a, "loserIds", List.of(a)))))
                .isEqualTo("INVALID_ID_FIELD");
        assertThat(sf.delete(sf.data("/sobjects/Lead/" + d)).status()).isEqualTo(204);
        assertThat(firstCode(asRep("merge", Map.of("type", "Lead", "masterId", a, "loserIds", List.of(b, d)))))
                .isEqualTo("ENTITY_IS_DELETED");
        // all or none: the live loser is still there
        assertThat(sf.get(sf.data("/sobjects/Lead/" + b)).status()).isEqualTo(200);
    }

    @Test
    void aConversionCreatesContactAndAccountAndMovesTheLeadsTasks() {
        String lead = create("Lead", Map.of("FirstName", "Ada", "LastName", "Lovelace", "Company", "Engines Ltd",
                "Email", "ada@example.com", "City", "London", "ContactSyncId__c", "cs-1"));
        String task = create("Task", Map.of("Subject", "Met at the fair", "WhoId", lead));

        Resp converted = asRep("convert", Map.of("leadId", lead));

        assertThat(converted.status()).as(converted.toString()).isEqualTo(200);
        String contact = converted.json().get("contactId").asText();
        String account = converted.json().get("accountId").asText();
        JsonNode row = queryAll("SELECT IsConverted, ConvertedContactId, ConvertedAccountId, ConvertedDate, Status, "
                + "LastModifiedById FROM Lead WHERE Id = '" + lead + "'").get(0);
        assertThat(row.get("IsConverted").asBoolean()).isTrue();
        assertThat(row.get("ConvertedContactId").asText()).isEqualTo(contact);
        assertThat(row.get("ConvertedAccountId").asText()).isEqualTo(account);
        assertThat(row.get("ConvertedDate").asText()).isEqualTo(java.time.LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(row.get("Status").asText()).isEqualTo("Closed - Converted");
        assertThat(row.get("LastModifiedById").asText()).isEqualTo(repId());
        JsonNode c = sf.get(sf.data("/sobjects/Contact/" + contact)).json();
        assertThat(c.get("LastName").asText()).isEqualTo("Lovelace");
        assertThat(c.get("MailingCity").asText()).isEqualTo("London");
        assertThat(c.get("AccountId").asText()).isEqualTo(account);
        assertThat(c.get("ContactSyncId__c").asText()).as("a custom field of the same name carried over").isEqualTo("cs-1");
        assertThat(sf.get(sf.data("/sobjects/Account/" + account)).json().get("Name").asText()).isEqualTo("Engines Ltd");
        JsonNode t = sf.get(sf.data("/sobjects/Task/" + task)).json();
        assertThat(t.get("WhoId").asText()).isEqualTo(contact);
        assertThat(t.get("WhatId").asText()).isEqualTo(account);
        // converted once only
        assertThat(firstCode(asRep("convert", Map.of("leadId", lead)))).isEqualTo("CANNOT_UPDATE_CONVERTED_LEAD");
    }

    @Test
    void aConversionIntoAnExistingContactCreatesNoOther() {
        String account = create("Account", Map.of("Name", "Engines Ltd"));
        String existing = create("Contact", Map.of("LastName", "Lovelace", "AccountId", account));
        String lead = create("Lead", Map.of("LastName", "Lovelace", "Company", "Engines Ltd"));

        Resp converted = asRep("convert", Map.of("leadId", lead, "contactId", existing));

        assertThat(converted.status()).as(converted.toString()).isEqualTo(200);
        assertThat(converted.json().get("contactId").asText()).isEqualTo(existing);
        assertThat(converted.json().get("accountId").asText()).isEqualTo(account);
        assertThat(simulator.records("Contact")).hasSize(1);
        assertThat(simulator.records("Account")).hasSize(1);
        assertThat(firstCode(asRep("convert", Map.of("leadId", "00Q000000000000AAA")))).isNotNull();
        assertThat(firstCode(asRep("convert", Map.of()))).isEqualTo("REQUIRED_FIELD_MISSING");
    }

    private static String firstCode(Resp r) {
        assertThat(r.status()).as(r.toString()).isGreaterThanOrEqualTo(400);
        JsonNode body = r.json();
        return body.isArray() ? body.get(0).path("errorCode").asText() : body.path("errorCode").asText();
    }
}
