package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * Activities (routes/activities.camel.yaml) become completed Tasks on the contact's Lead, once each, in
 * chunks of 200 per sObject Collections call; notes are stored but not synced here.
 */
@TestPropertySource(properties = {"contactsync.api.max-batch-size=1000",
        "contactsync.activities.types=email-sent,email-opened,email-clicked,form-submitted,page-visited,meeting,call"})
class ActivitiesTest extends EndToEndTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.ProducerTemplate camel;

    private static final String[] TYPES = {"email-sent", "email-opened", "meeting", "call", "page-visited"};

    @Test
    void aThousandActivitiesBecomeAThousandTasksInOneCompositeCall() {
        List<Long> contacts = exportedContacts(200);
        simulator.resetCounters();
        List<Map<String, Object>> activities = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> a = activity("evt-" + i, TYPES[i % TYPES.length], "2026-03-%02dT10:15:00Z".formatted(1 + i % 28),
                    "Subject " + i);
            // some name their contact by email
            if (i % 10 == 0) {
                a.put("email", "contact" + (i % 200) + "@example.com");
            } else {
                a.put("contactId", contacts.get(i % 200));
            }
            activities.add(a);
        }

        ResponseEntity<String> answer = post("/api/activities", toJson(activities));
        assertThat(answer.getStatusCode().value()).isEqualTo(201);
        assertThat(read(answer.getBody()).get("new").asInt()).isEqualTo(1000);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("EXPORTED") == 1000);

        List<Map<String, Object>> tasks = simulator.records("Task");
        assertThat(tasks).hasSize(1000);
        long contactId = contacts.get(6);
        String leadId = jdbc.queryForObject("select sf_id from export_state where contact_id = ?", String.class, contactId);
        Map<String, Object> task6 = tasks.stream().filter(t -> "Subject 6".equals(t.get("Subject"))).findFirst().orElseThrow();
        assertThat(task6).containsEntry("WhoId", leadId).containsEntry("Status", "Completed")
                .containsEntry("ActivityDate", "2026-03-07").containsEntry("Type", "Email")
                .containsEntry("TaskSubtype", "Email").containsEntry("Priority", "Normal");
        // content is off: the link, not the body
        assertThat(task6.get("Description")).isEqualTo("https://example.com/evt-6");
        Map<String, Object> meeting = tasks.stream().filter(t -> "Subject 2".equals(t.get("Subject"))).findFirst().orElseThrow();
        assertThat(meeting).containsEntry("Type", "Meeting").containsEntry("TaskSubtype", "Task");
        String taskId = get("/api/contacts/" + contactId + "/activities").get(0).get("export").get("salesforceId").asText();
        assertThat(tasks).anySatisfy(t -> assertThat(t.get("Id")).isEqualTo(taskId));

        long calls = simulator.totalCalls();
        System.out.printf("ActivitiesTest: 1000 activities, %d Salesforce API calls %s%n", calls, simulator.callCounts());
        // one Composite call holding five sObject Collections upserts of 200
        assertThat(simulator.callCounts()).containsEntry("composite", 1L).doesNotContainKey("collections-upsert");
        assertThat(calls).isLessThanOrEqualTo(2);

        // the same events again: stored once, sent once
        simulator.resetCounters();
        ResponseEntity<String> again = post("/api/activities", toJson(activities));
        assertThat(read(again.getBody()).get("new").asInt()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from activity", Integer.class)).isEqualTo(1000);
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> simulator.totalCalls() == 0);
        assertThat(simulator.records("Task")).hasSize(1000);
    }

    @Test
    void activitiesOfAPendingContactWaitUntilItIsExported() {
        long contactId = store(contact("Wait", "Ing", "waiting@example.com", "Acme", null)).get(0);
        ResponseEntity<String> answer = post("/api/contacts/" + contactId + "/activities",
                toJson(activity("form-1", "form-submitted", "2026-02-01T09:00:00+01:00", null)));
        assertThat(answer.getStatusCode().value()).isEqualTo(201);

        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> count("PENDING") == 1);
        assertThat(simulator.records("Task")).isEmpty();

        push(List.of(contactId), "requester@example.com");
        await().atMost(Duration.ofSeconds(20)).until(() -> count("EXPORTED") == 1);

        String leadId = export(contactId).get("salesforceId").asText();
        assertThat(simulator.records("Task")).singleElement().satisfies(task -> assertThat(task)
                .containsEntry("WhoId", leadId).containsEntry("Subject", "Form submitted")
                .containsEntry("ActivityDate", "2026-02-01").containsEntry("Status", "Completed"));
        JsonNode listed = get("/api/contacts/" + contactId + "/activities");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("externalId").asText()).isEqualTo("form-1");
        assertThat(listed.get(0).get("export").get("status").asText()).isEqualTo("EXPORTED");
    }

    @Test
    void aTypeNotSyncedIsStoredButNotSent() {
        long contactId = exportedContacts(1).get(0);
        post("/api/contacts/" + contactId + "/activities", toJson(List.of(
                activity("n-1", "note", "2026-02-01T09:00:00Z", "A note"),
                activity("c-1", "call", "2026-02-01T10:00:00Z", "A call"))));

        await().atMost(Duration.ofSeconds(20)).until(() -> count("EXPORTED") == 1);
        assertThat(simulator.records("Task")).singleElement()
                .satisfies(task -> assertThat(task).containsEntry("Subject", "A call").containsEntry("TaskSubtype", "Call"));
        JsonNode listed = get("/api/contacts/" + contactId + "/activities");
        assertThat(listed.get(0).get("type").asText()).isEqualTo("note");
        assertThat(listed.get(0).get("export").get("status").asText()).isEqualTo("SKIPPED");
        assertThat(listed.get(0).get("export").get("errorCode").asText()).isEqualTo("TYPE_NOT_SYNCED");
    }

    @Test
    void passingFaultsAreRetriedAndOtherRefusalsFailWithTheReason() {
        long contactId = exportedContacts(1).get(0);
        simulator.failNext(1, "503");
        post("/api/contacts/" + contactId + "/activities", toJson(List.of(
                activity("p-1", "call", "2026-02-01T10:00:00Z", "After a 503"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("EXPORTED") == 1);
        assertThat(simulator.records("Task")).hasSize(1);

        simulator.failNext(1, "UNABLE_TO_LOCK_ROW");
        post("/api/contacts/" + contactId + "/activities", toJson(List.of(
                activity("p-2", "call", "2026-02-01T11:00:00Z", "After a locked row"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("EXPORTED") == 2);

        simulator.failNext(1, "INVALID_CROSS_REFERENCE_KEY");
        post("/api/contacts/" + contactId + "/activities", toJson(List.of(
                activity("p-3", "call", "2026-02-01T12:00:00Z", "Refused"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("FAILED") == 1);
        JsonNode failed = get("/api/contacts/" + contactId + "/activities").get(2).get("export");
        assertThat(failed.get("errorCode").asText()).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
        assertThat(failed.get("errorMessage").asText()).contains("injected fault");
        assertThat(simulator.records("Task")).hasSize(2);
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndNothingIsStored() {
        long contactId = store(contact("Bad", "Input", "bad@example.com", "Acme", null)).get(0);
        Map<String, Object> good = activity("ok-1", "call", "2026-02-01T10:00:00Z", "fine");
        good.put("contactId", contactId);

        Map<String, Object> unknownType = new LinkedHashMap<>(good);
        unknownType.put("type", "fax");
        refused(toJson(List.of(good, unknownType)), "[1].type");
        Map<String, Object> noExternalId = new LinkedHashMap<>(good);
        noExternalId.remove("externalId");
        refused(toJson(List.of(good, noExternalId)), "[1].externalId");
        Map<String, Object> noDate = new LinkedHashMap<>(good);
        noDate.remove("occurredAt");
        refused(toJson(List.of(good, noDate)), "[1].occurredAt");
        Map<String, Object> unknownEmail = new LinkedHashMap<>(good);
        unknownEmail.remove("contactId");
        unknownEmail.put("email", "nobody@example.com");
        refused(toJson(List.of(good, unknownEmail)), "[1].email");
        Map<String, Object> unknownId = new LinkedHashMap<>(good);
        unknownId.put("contactId", contactId + 1000);
        refused(toJson(List.of(good, unknownId)), "[1].contactId");
        Map<String, Object> badDate = new LinkedHashMap<>(good);
        badDate.put("occurredAt", "yesterday");
        refused(toJson(List.of(good, badDate)), "[1].occurredAt");

        assertThat(jdbc.queryForObject("select count(*) from activity", Integer.class)).isZero();
        ResponseEntity<String> unknownContact = post("/api/contacts/" + (contactId + 1000) + "/activities",
                toJson(activity("x", "call", "2026-02-01T10:00:00Z", null)));
        assertThat(unknownContact.getStatusCode().value()).isEqualTo(404);
        assertThat(http.getForEntity("/api/contacts/" + (contactId + 1000) + "/activities", String.class)
                .getStatusCode().value()).isEqualTo(404);
    }

    private void refused(String body, String field) {
        ResponseEntity<String> answer = post("/api/activities", body);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(400);
        assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/json");
        JsonNode error = read(answer.getBody());
        assertThat(error.get("status").asInt()).isEqualTo(400);
        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("error").asText()).isNotBlank();
    }

    /** Contacts pushed as Leads, ids in order; their emails are contact<i>@example.com. */
    protected List<Long> exportedContacts(int n) {
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            contacts.add(contact("First" + i, "Last" + i, "contact" + i + "@example.com", "Company " + i, null));
        }
        List<Long> ids = store("[" + String.join(",", contacts) + "]");
        assertThat(push(ids, "requester@example.com").get("exported").asInt()).isEqualTo(n);
        return ids;
    }

    protected static Map<String, Object> activity(String externalId, String type, String occurredAt, String subject) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("externalId", externalId);
        a.put("type", type);
        a.put("occurredAt", occurredAt);
        if (subject != null) {
            a.put("subject", subject);
        }
        a.put("body", "Hello " + externalId);
        a.put("url", "https://example.com/" + externalId);
        return a;
    }

    @Test
    void activitiesRefusedForAPassingReasonBeyondTheirRetriesAreSentAgainLater() {
        long contactId = exportedContacts(1).get(0);
        // the first call and its 4 redeliveries answer 503
        simulator.failNext(5, "503");
        post("/api/contacts/" + contactId + "/activities", toJson(List.of(
                activity("l-1", "call", "2026-02-01T10:00:00Z", "Sent later"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("FAILED") == 1);
        JsonNode failed = get("/api/contacts/" + contactId + "/activities").get(0).get("export");
        assertThat(failed.get("errorMessage").asText()).contains("sent again after");
        assertThat(jdbc.queryForObject("select retry_round from activity_export", Integer.class)).isOne();
        assertThat(simulator.records("Task")).isEmpty();

        // its time has come: the next round sends it
        jdbc.update("update activity_export set retry_at = now() where retry_at is not null");
        camel.sendBody("direct:activities-drain", null);

        assertThat(count("EXPORTED")).isOne();
        assertThat(simulator.records("Task")).hasSize(1);
    }

    private int count(String status) {
        return jdbc.queryForObject("select count(*) from activity_export where status = ?", Integer.class, status);
    }
}
