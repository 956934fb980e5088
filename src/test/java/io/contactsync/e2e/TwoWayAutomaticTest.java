package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Two-way sync in automatic mode, target Contact: a local change goes out at once; the pull reads Contacts; a
 * contact deleted here is deleted in Salesforce too (contactsync.sync.delete-in-salesforce); with direction both,
 * Leads and Contacts a sales rep creates in Salesforce become contacts here and are not pushed back.
 */
@TestPropertySource(properties = {"contactsync.sync.mode=automatic", "contactsync.sync.target=Contact",
        "contactsync.mapping.dir=src/test/resources/two-way-mappings", "contactsync.sync.delete-in-salesforce=true",
        "contactsync.sync.direction=both"})
class TwoWayAutomaticTest extends EndToEndTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Autowired
    ProducerTemplate camel;
    @LocalServerPort
    int port;

    private Map<String, Object> record(String id) {
        return simulator.records("Contact").stream().filter(c -> id.equals(c.get("Id"))).findFirst().orElseThrow();
    }

    private int patch(long id, String body) throws Exception {
        String auth = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/contacts/" + id))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aLocalChangeOfAnExportedContactGoesOutAtOnceAndIdlePollsOnlyRead() throws Exception {
        jdbc.update("delete from pull_cursor");
        long id = store(contact("Ada", "Lovelace", "ada@example.com", "Engines Ltd", "alice.seller@example.com")).get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> "EXPORTED".equals(export(id).get("status").asText()));
        String contactId = export(id).get("salesforceId").asText();
        assertThat(record(contactId)).containsEntry("Title", "Buyer");

        assertThat(patch(id, "{\"title\": \"Chief Buyer\"}")).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> "Chief Buyer".equals(record(contactId).get("Title")));
        await().atMost(Duration.ofSeconds(5)).until(() -> export(id).hasNonNull("lastUpdateSentAt"));
        assertThat(simulator.records("Contact")).hasSize(1);

        // the service's own update is in the pull window: read, recognised, nothing written
        simulator.resetCounters();
        camel.sendBody("direct:sync-pull", null);
        camel.sendBody("direct:sync-pull", null);
        assertThat(simulator.callCounts()).containsExactlyEntriesOf(Map.of("composite", 2L));
        assertThat(get("/api/contacts/" + id).get("title").asText()).isEqualTo("Chief Buyer");
    }

    @Test
    void aContactDeletedHereIsDeletedInSalesforceWhenConfigured() throws Exception {
        long id = store(contact("Grace", "Hopper", "grace@example.com", "Navy", "alice.seller@example.com")).get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> "EXPORTED".equals(export(id).get("status").asText()));
        String contactId = export(id).get("salesforceId").asText();
        simulator.resetCounters();

        String auth = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/contacts/" + id)).header("Authorization", "Basic " + auth).header("X-Requested-With", "test")
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"salesforce\":\"deleted\"").contains(contactId);
        assertThat(simulator.callCounts()).containsExactlyEntriesOf(Map.of("sobject-delete", 1L));
        assertThat(simulator.records("Contact")).noneMatch(c -> contactId.equals(c.get("Id")));
        assertThat(jdbc.queryForObject("select count(*) from contact where id = ?", Integer.class, id)).isZero();
    }

    private String createAsRep(String type, String fields) throws Exception {
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create(simulator.loginUrl()
                + "/__admin/as/alice.seller@example.com/records/" + type)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(fields)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return json.readTree(answer.body()).get("id").asText();
    }

    @Test
    void recordsASalesRepCreatesInSalesforceBecomeContactsHereOnceAndAreNotPushedBack() throws Exception {
        jdbc.update("delete from pull_cursor");
        camel.sendBody("direct:sync-pull", null);
        String lead = createAsRep("Lead", "{\"FirstName\": \"Hedy\", \"LastName\": \"Lamarr\", \"Company\": \"MGM\", "
                + "\"Email\": \"hedy@example.com\", \"Title\": \"Inventor\"}");
        String contact = createAsRep("Contact", "{\"LastName\": \"Franklin\", \"Email\": \"rosalind@example.com\", "
                + "\"Title\": \"Chemist\"}");
        simulator.resetCounters();

        camel.sendBody("direct:sync-pull", null);
        camel.sendBody("direct:sync-pull", null);

        java.util.List<Map<String, Object>> rows = jdbc.queryForList("""
                select c.last_name, c.email, c.title, c.source, c.source_key, s.status, s.sf_object, s.sf_id
                from contact c join export_state s on s.contact_id = c.id where c.source = 'salesforce' order by c.last_name
                """);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("last_name", "Franklin").containsEntry("title", "Chemist")
                .containsEntry("status", "EXPORTED").containsEntry("sf_object", "Contact").containsEntry("sf_id", contact);
        assertThat(rows.get(1)).containsEntry("last_name", "Lamarr").containsEntry("email", "hedy@example.com")
                .containsEntry("sf_object", "Lead").containsEntry("sf_id", lead);
        // Lead and Contact in one call per poll; nothing written to Salesforce, now or by the schedule
        assertThat(simulator.callCounts()).containsExactlyEntriesOf(Map.of("composite", 2L));
        long id = jdbc.queryForObject("select id from contact where source_key = ?", Long.class, lead);
        assertThat(get("/api/contacts/" + id).get("source").asText()).isEqualTo("salesforce");
        simulator.resetCounters();
        camel.sendBody("direct:sync-drain", null);
        assertThat(simulator.callCounts()).doesNotContainKeys("collections-upsert", "collections-create", "collections-update");
    }
}
