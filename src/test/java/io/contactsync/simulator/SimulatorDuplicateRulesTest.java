package io.contactsync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.simulator.SfHttp.Resp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The standard Lead and Contact duplicate rules as Salesforce ships them (Help: "Standard Lead
 * Duplicate Rule", "Standard Contact Matching Rule and Standard Lead Matching Rule"; REST API
 * Developer Guide: "Duplicate Rule Header"): the same person by fuzzy first and last name with the
 * same e-mail, company/account or phone; Allow with an alert on create, report only on edit.
 */
class SimulatorDuplicateRulesTest extends InMemoryOrgTest {

    SfHttp sf;

    @BeforeEach
    void fresh() {
        simulator.settings().setDuplicateRule("standard");
        simulator.reset();
        sf = new SfHttp(simulator.loginUrl()).login();
    }

    @AfterAll
    void backToDefault() {
        simulator.settings().setDuplicateRule("block");
    }

    static Map<String, Object> lead(String first, String last, String company, String email) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FirstName", first);
        m.put("LastName", last);
        m.put("Company", company);
        if (email != null) {
            m.put("Email", email);
        }
        return m;
    }

    Resp createLead(Map<String, Object> fields, String... headers) {
        return sf.post(sf.data("/sobjects/Lead"), fields, headers);
    }

    @Test
    void theSamePersonAtTheSameCompanyIsAnAlertAnApiSaveMustAcknowledge() {
        String first = createLead(lead("Jonathan", "Smith", "Acme Inc.", "jon@acme.example")).json().get("id").asText();

        // fuzzy names (Jonathon for Jonathan), company without its legal suffix
        Resp again = createLead(lead("Jonathon", "Smith", "ACME", "other@acme.example"));

        assertThat(again.status()).as("%s", again).isEqualTo(400);
        JsonNode error = again.json().get(0);
        assertThat(error.get("errorCode").asText()).isEqualTo("DUPLICATES_DETECTED");
        JsonNode detail = error.get("duplicateResut");
        assertThat(detail.get("allowSave").asBoolean()).as("Allow with an alert").isTrue();
        assertThat(detail.get("duplicateRule").asText()).isEqualTo("Standard_Lead_Duplicate_Rule");
        assertThat(detail.get("matchResults").get(0).get("rule").asText()).isEqualTo("Standard_Lead_Match_Rule_v1_1");
        assertThat(detail.get("matchResults").get(0).get("matchRecords").get(0).get("record").get("Id").asText()).isEqualTo(first);

        Resp acknowledged = createLead(lead("Jonathon", "Smith", "ACME", "other@acme.example"),
                "Sforce-Duplicate-Rule-Header", "allowSave=true");
        assertThat(acknowledged.status()).as("%s", acknowledged).isEqualTo(201);
        assertThat(simulator.records("Lead")).hasSize(2);
    }

    @Test
    void theSameEmailAloneIsNoDuplicateButTheSameNameWithTheEmailIs() {
        createLead(lead("Ada", "Lovelace", "Engines Ltd", "ada@engines.example"));

        assertThat(createLead(lead("Grace", "Hopper", "Navy", "ada@engines.example")).status())
                .as("another person sharing an inbox").isEqualTo(201);
        assertThat(createLead(lead("Ada", "Lovelace", "Analytical Society", null)).status())
                .as("same name, no shared e-mail, company or phone").isEqualTo(201);
        Resp sameMail = createLead(lead("A.", "Lovelace", "Other Co", "ADA@engines.example"));
        assertThat(sameMail.status()).as("an initial and the same e-mail: %s", sameMail).isEqualTo(400);
        assertThat(sameMail.json().get(0).get("duplicateResut").get("matchResults").get(0).get("size").asInt()).isEqualTo(1);
    }

    @Test
    void aLeadIsComparedWithContactsByTheirAccountNameAndEditsOnlyReport() {
        String account = simulator.create("Account", Map.of("Name", "Globex Corporation"));
        String contact = simulator.create("Contact", Map.of("FirstName", "Hank", "LastName", "Scorpio", "AccountId", account));

        Resp lead = createLead(lead("Hank", "Scorpio", "Globex", null));

        assertThat(lead.status()).as("%s", lead).isEqualTo(400);
        JsonNode result = lead.json().get(0).get("duplicateResut").get("matchResults").get(0);
        assertThat(result.get("entityType").asText()).isEqualTo("Contact");
        assertThat(result.get("matchRecords").get(0).get("record").get("Id").asText()).isEqualTo(contact);

        String other = createLead(lead("Homer", "Simpson", "Globex", null)).json().get("id").asText();
        Resp edit = sf.patch(sf.data("/sobjects/Lead/" + other), Map.of("FirstName", "Hank", "LastName", "Scorpio"));
        assertThat(edit.status()).as("on edit the standard rule reports only: %s", edit).isEqualTo(204);
    }

    @Test
    void theBlockKnobRefusesTheSameEmailWhateverTheName() {
        simulator.settings().setDuplicateRule("block");
        createLead(lead("Ada", "Lovelace", "Engines Ltd", "ada@engines.example"));

        Resp r = createLead(lead("Grace", "Hopper", "Navy", "ada@engines.example"), "Sforce-Duplicate-Rule-Header", "allowSave=true");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get(0).get("duplicateResut").get("allowSave").asBoolean()).isFalse();
    }

    @Test
    void fuzzyNamesFollowTheRuleThresholds() {
        assertThat(MatchingRule.sameFirstName("Jon", "Jonathan")).as("a name variant").isTrue();
        assertThat(MatchingRule.sameFirstName("John", "Mary")).isFalse();
        assertThat(MatchingRule.sameFirstName("J.", "Jonathan")).isTrue();
        assertThat(MatchingRule.sameFirstName("Jonathan", "Jonathon")).isTrue();
        assertThat(MatchingRule.sameCompany("International Business Machines", "IBM")).isTrue();
        assertThat(MatchingRule.sameCompany("Acme Inc.", "Initech")).isFalse();
    }
}
