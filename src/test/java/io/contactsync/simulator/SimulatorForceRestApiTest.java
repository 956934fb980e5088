package io.contactsync.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.force.api.ApiConfig;
import com.force.api.CreateOrUpdateResult;
import com.force.api.DescribeSObject;
import com.force.api.ForceApi;
import com.force.api.Identity;
import com.force.api.QueryResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * force-rest-api, a Java Salesforce client that is not camel-salesforce, against the simulator: a
 * sales rep logs in with the password grant, reads her identity, describes Lead, creates, edits
 * (its PATCH goes as {@code POST ?_HttpMethod=PATCH}), upserts by Email, queries with a polymorphic
 * owner and a child subquery, and deletes.
 */
class SimulatorForceRestApiTest extends InMemoryOrgTest {

    static final String ALICE = "alice.seller@example.com";

    ForceApi api;

    @BeforeEach
    void login() {
        simulator.reset();
        api = new ForceApi(new ApiConfig()
                .setLoginEndpoint(simulator.loginUrl())
                .setClientId("force-rest-api-check")
                .setClientSecret("force-rest-api-check")
                .setUsername(ALICE)
                .setPassword("simulator")
                .setApiVersionString("v59.0"));
    }

    @Test
    void aSalesRepLogsInAndWorksWithLeads() {
        Identity me = api.getIdentity();
        assertThat(me.getUsername()).isEqualTo(ALICE);
        assertThat(me.getUserId()).startsWith("005");
        assertThat(me.getOrganizationId()).startsWith("00D");
        assertThat(me.getDisplayName()).isEqualTo("Alice Seller");

        DescribeSObject lead = api.describeSObject("Lead");
        assertThat(lead.getFields()).anySatisfy(f -> assertThat(f.getName()).isEqualTo("ContactSyncId__c"));

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("FirstName", "Ada");
        fields.put("LastName", "Lovelace");
        fields.put("Company", "Engines");
        fields.put("Email", "ada@engines.example");
        String id = api.createSObject("Lead", fields);
        assertThat(id).startsWith("00Q").hasSize(18);

        api.updateSObject("Lead", id, Map.of("Title", "Countess"));
        Map<?, ?> saved = api.getSObject("Lead", id).asMap();
        assertThat(saved.get("Title")).isEqualTo("Countess");
        assertThat(saved.get("LastModifiedById")).isEqualTo(me.getUserId());

        CreateOrUpdateResult byEmail = api.createOrUpdateSObject("Lead", "Email", "ada@engines.example", Map.of("Rating", "Hot"));
        assertThat(byEmail).isEqualTo(CreateOrUpdateResult.UPDATED);
        api.createSObject("Task", Map.of("Subject", "Call", "WhoId", id, "Status", "Completed"));

        QueryResult<Map> rows = api.query("SELECT Id, Rating, Owner.Type, (SELECT Subject FROM Tasks) FROM Lead WHERE Email = "
                + "'ada@engines.example'");
        assertThat(rows.getTotalSize()).isEqualTo(1);
        Map<?, ?> row = rows.getRecords().get(0);
        assertThat(row.get("Rating")).isEqualTo("Hot");
        assertThat(((Map<?, ?>) row.get("Owner")).get("Type")).isEqualTo("User");
        // the client reads a child subquery's {totalSize, done, records} into the list of its records
        assertThat((java.util.List<?>) row.get("Tasks")).singleElement()
                .satisfies(task -> assertThat(((Map<?, ?>) task).get("Subject")).isEqualTo("Call"));

        api.deleteSObject("Lead", id);
        assertThat(api.query("SELECT Id FROM Lead").getTotalSize()).isZero();
        assertThatThrownBy(() -> api.getSObject("Lead", id).asMap()).hasMessageContaining("NOT_FOUND");
    }
}
