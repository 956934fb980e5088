package io.contactsync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.simulator.SfHttp.Resp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Date literals and aggregate queries, answered as the SOQL and SOSL Reference describes them. */
class SimulatorSoqlTest extends InMemoryOrgTest {

    SfHttp sf;



    @BeforeEach
    void fresh() {
        simulator.reset();
        sf = new SfHttp(simulator.loginUrl()).login();
    }

    void lead(String last, String source, LocalDate createdOn) {
        String at = createdOn + "T12:00:00.000+0000";
        simulator.create("Lead", Map.of("LastName", last, "Company", "Co", "LeadSource", source, "CreatedDate", at,
                "SystemModstamp", at));
    }

    JsonNode query(String soql) {
        Resp r = sf.get(sf.query(soql));
        assertThat(r.status()).as("%s: %s", soql, r).isEqualTo(200);
        return r.json();
    }

    int count(String where) {
        return query("SELECT Id FROM Lead WHERE " + where).get("totalSize").asInt();
    }

    @Test
    void relativeDateLiteralsCoverWholeDaysInUtc() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        lead("Today", "Web", today);
        lead("Yesterday", "Web", today.minusDays(1));
        lead("Older", "Phone Inquiry", today.minusDays(10));

        assertThat(count("CreatedDate = TODAY")).isEqualTo(1);
        assertThat(count("CreatedDate = YESTERDAY")).isEqualTo(1);
        assertThat(count("CreatedDate > YESTERDAY")).isEqualTo(1);
        assertThat(count("CreatedDate < YESTERDAY")).isEqualTo(1);
        assertThat(count("CreatedDate = LAST_N_DAYS:7")).isEqualTo(2);
        assertThat(count("CreatedDate < LAST_N_DAYS:7")).isEqualTo(1);
        assertThat(count("SystemModstamp >= LAST_N_DAYS:30 AND LeadSource = 'Web'")).isEqualTo(2);
        assertThat(count("CreatedDate = N_DAYS_AGO:10")).isEqualTo(1);
    }

    @Test
    void countOfAFieldIsOneAggregateResultRow() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        lead("A", "Web", today);
        lead("B", "Web", today);

        JsonNode page = query("SELECT COUNT(Id) FROM Lead");
        assertThat(page.get("totalSize").asInt()).isEqualTo(1);
        JsonNode row = page.get("records").get(0);
        assertThat(row.get("attributes").get("type").asText()).isEqualTo("AggregateResult");
        assertThat(row.get("expr0").asInt()).isEqualTo(2);
        assertThat(query("SELECT COUNT() FROM Lead").get("totalSize").asInt()).as("COUNT() stays a bare count").isEqualTo(2);
    }

    @Test
    void groupByGivesOneRowPerGroupWithAliasesAndExprNames() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        lead("A", "Web", today);
        lead("B", "web", today.minusDays(1));
        lead("C", "Phone Inquiry", today.minusDays(2));

        JsonNode page = query("SELECT LeadSource, COUNT(Id) n, MAX(CreatedDate), COUNT_DISTINCT(LastName) FROM Lead "
                + "GROUP BY LeadSource ORDER BY LeadSource");
        assertThat(page.get("totalSize").asInt()).isEqualTo(2);
        Map<String, JsonNode> bySource = new HashMap<>();
        page.get("records").forEach(r -> bySource.put(r.get("LeadSource").asText().toLowerCase(), r));
        assertThat(bySource.get("web").get("n").asInt()).isEqualTo(2);
        assertThat(bySource.get("web").get("expr0").asText()).startsWith(today.toString());
        assertThat(bySource.get("web").get("expr1").asInt()).isEqualTo(2);
        assertThat(bySource.get("phone inquiry").get("n").asInt()).isEqualTo(1);
        assertThat(page.get("records").get(0).get("LeadSource").asText()).isEqualTo("Phone Inquiry");
    }

    @Test
    void aFieldNeitherGroupedNorAggregatedIsRefused() {
        Resp r = sf.get(sf.query("SELECT LastName, COUNT(Id) FROM Lead GROUP BY LeadSource"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get(0).get("errorCode").asText()).isEqualTo("MALFORMED_QUERY");
        assertThat(r.json().get(0).get("message").asText()).isEqualTo("Field must be grouped or aggregated: LastName");
    }
}
