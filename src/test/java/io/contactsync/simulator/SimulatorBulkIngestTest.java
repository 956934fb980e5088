package io.contactsync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.simulator.SfHttp.Resp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bulk API 2.0 ingest as its developer guide documents it: create a job, upload CSV, close it with
 * UploadComplete, read the job info and the successful and failed results.
 */
class SimulatorBulkIngestTest extends InMemoryOrgTest {

    SfHttp sf;

    @BeforeEach
    void fresh() {
        simulator.settings().setDuplicateRule("off");
        simulator.reset();
        sf = new SfHttp(simulator.loginUrl()).login();
    }

    @org.junit.jupiter.api.AfterAll
    void backToDefault() {
        simulator.settings().setDuplicateRule("block");
    }

    Resp putCsv(String path, String csv) {
        return sf.send(HttpRequest.newBuilder(URI.create(sf.instanceUrl + path))
                .header("Authorization", "Bearer " + sf.accessToken).header("Content-Type", "text/csv")
                .PUT(HttpRequest.BodyPublishers.ofString(csv)).build());
    }

    String runJob(Map<String, Object> create, String csv) {
        Resp job = sf.post(sf.data("/jobs/ingest"), create);
        assertThat(job.status()).as("%s", job).isEqualTo(200);
        assertThat(job.json().get("state").asText()).isEqualTo("Open");
        String id = job.json().get("id").asText();
        assertThat(id).startsWith("750");
        assertThat(putCsv("/" + job.json().get("contentUrl").asText(), csv).status()).isEqualTo(201);
        Resp closed = sf.patch(sf.data("/jobs/ingest/" + id), Map.of("state", "UploadComplete"));
        assertThat(closed.json().get("state").asText()).isEqualTo("UploadComplete");
        return id;
    }

    @Test
    void anInsertJobLoadsTheRowsAndReportsEachOutcome() {
        String id = runJob(Map.of("object", "Lead", "operation", "insert", "contentType", "CSV", "lineEnding", "LF"),
                "LastName,Company,Email\nLovelace,Engines,ada@engines.example\nHopper,,grace@navy.example\n\"Smith, Jr.\",Acme,#N/A\n");

        JsonNode info = sf.get(sf.data("/jobs/ingest/" + id)).json();
        assertThat(info.get("state").asText()).isEqualTo("JobComplete");
        assertThat(info.get("numberRecordsProcessed").asInt()).isEqualTo(3);
        assertThat(info.get("numberRecordsFailed").asInt()).isEqualTo(1);
        assertThat(simulator.records("Lead")).hasSize(2);

        Resp ok = sf.get(sf.data("/jobs/ingest/" + id + "/successfulResults/"));
        assertThat(ok.header("Content-Type")).startsWith("text/csv");
        String[] lines = ok.body().split("\n");
        assertThat(lines[0]).isEqualTo("\"sf__Id\",\"sf__Created\",LastName,Company,Email");
        assertThat(lines[1]).matches("\"00Q\\w{15}\",\"true\",\"Lovelace\",\"Engines\",\"ada@engines.example\"");
        assertThat(lines[2]).contains("\"Smith, Jr.\"");

        String failed = sf.get(sf.data("/jobs/ingest/" + id + "/failedResults/")).body();
        assertThat(failed.split("\n")[0]).isEqualTo("\"sf__Id\",\"sf__Error\",LastName,Company,Email");
        assertThat(failed.split("\n")[1])
                .startsWith("\"\",\"REQUIRED_FIELD_MISSING:Required fields are missing: [Company]:Company --\",\"Hopper\"");
    }

    @Test
    void anUpsertJobMatchesOnTheExternalId() {
        simulator.create("Lead", Map.of("LastName", "Old", "Company", "Co", "ContactSyncId__c", "k1"));

        String id = runJob(Map.of("object", "Lead", "operation", "upsert", "externalIdFieldName", "ContactSyncId__c",
                "contentType", "CSV"), "ContactSyncId__c,LastName,Company\nk1,Renamed,Co\nk2,New,Co\n");

        String ok = sf.get(sf.data("/jobs/ingest/" + id + "/successfulResults/")).body();
        assertThat(ok).contains("\"false\",\"k1\",\"Renamed\",\"Co\"").contains("\"true\",\"k2\",\"New\",\"Co\"");
        assertThat(simulator.records("Lead")).extracting(r -> r.get("LastName")).containsExactlyInAnyOrder("Renamed", "New");
    }

    @Test
    void badJobsAreRefusedOrFailWithTheReason() {
        assertThat(sf.post(sf.data("/jobs/ingest"), Map.of("object", "Nope", "operation", "insert")).status()).isEqualTo(400);
        assertThat(sf.post(sf.data("/jobs/ingest"), Map.of("object", "Lead", "operation", "upsert")).status())
                .as("upsert without externalIdFieldName").isEqualTo(400);

        String id = runJob(Map.of("object", "Lead", "operation", "insert"), "LastName,Colour\nX,red\n");

        JsonNode info = sf.get(sf.data("/jobs/ingest/" + id)).json();
        assertThat(info.get("state").asText()).isEqualTo("Failed");
        assertThat(info.get("errorMessage").asText()).contains("Colour");
        assertThat(putCsv(sf.data("/jobs/ingest/" + id + "/batches"), "LastName\nY\n").status()).as("closed job").isEqualTo(409);
    }
}
