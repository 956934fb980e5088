package io.contactsync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** routes/sources/sql-staging.camel.yaml: rows of a table in another PostgreSQL become contacts, each row marked. */
class SqlStagingSourceTest extends SourcesTestBase {

    @BeforeEach
    void emptyStagingTable() {
        STAGING.update("delete from crm_export");
    }

    private int fromStaging() {
        return jdbc.queryForObject("select count(*) from contact where source = 'sql'", Integer.class);
    }

    private void awaitConsumed(int rows) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> STAGING.queryForObject(
                "select count(*) from crm_export where consumed_at is not null", Integer.class) == rows);
    }

    @Test
    void rowsBecomeContactsAreMarkedWithWhatBecameOfThemAndARowReadAgainIsStoredOnce() {
        STAGING.update("""
                insert into crm_export (export_id, first_name, last_name, email, company_name, phone, met_on, lead_score, internal_note)
                values (1, 'Ada', 'Lovelace', 'ada@example.com', 'Engines Ltd', '+44 20 7946 0001', date '2026-11-30', 42, 'not mapped'),
                       (2, 'Bob', null, 'bob@', 'Acme', null, null, null, null),
                       (3, 'Carla', 'Cruz', 'carla@example.com', null, null, null, null, null)""");

        awaitConsumed(3);

        assertThat(fromStaging()).isEqualTo(2);
        assertThat(STAGING.queryForList("select import_status from crm_export order by export_id", String.class))
                .containsExactly("STORED", "REFUSED: email 'bob@' is not an email address", "STORED");
        JsonNode ada = get("/api/contacts?search=ada@example.com").get("contacts").get(0);
        assertThat(ada.get("source").asText()).isEqualTo("sql");
        assertThat(ada.get("company").asText()).isEqualTo("Engines Ltd");
        assertThat(ada.get("phoneWork").asText()).isEqualTo("+44 20 7946 0001");
        assertThat(ada.get("metOn").asText()).isEqualTo("2026-11-30");
        assertThat(ada.get("leadScore").asInt()).isEqualTo(42);
        assertThat(jdbc.queryForObject("select source_key from contact where email = 'ada@example.com'", String.class))
                .isEqualTo("crm_export:1");

        // the row delivered again (the mark lost, e.g. a restore of the other system): stored once
        STAGING.update("update crm_export set consumed_at = null, import_status = null where export_id = 1");
        awaitConsumed(3);
        assertThat(STAGING.queryForObject("select import_status from crm_export where export_id = 1", String.class))
                .isEqualTo("DUPLICATE");
        assertThat(fromStaging()).isEqualTo(2);
    }
}
