package io.contactsync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.simulator.SfHttp.Resp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Owners, activities and the SOQL that reads them, as the Object Reference and the SOQL and SOSL
 * Reference describe them: queues owning Leads ({@code Owner.Type = 'Queue'}), polymorphic Who and
 * What, a Task's IsClosed and the LastActivityDate it leaves on its Lead or Contact, Events, child
 * subqueries, semi-joins and HAVING.
 */
class SimulatorActivitiesAndOwnersTest extends InMemoryOrgTest {

    SfHttp sf;

    @BeforeEach
    void fresh() {
        simulator.reset();
        sf = new SfHttp(simulator.loginUrl()).login();
    }

    @AfterEach
    void defaults() {
        simulator.settings().setAssignmentRuleQueue(false);
    }

    JsonNode query(String soql) {
        Resp r = sf.get(sf.query(soql));
        assertThat(r.status()).as("%s: %s", soql, r).isEqualTo(200);
        return r.json();
    }

    String create(String type, Map<String, Object> fields, String... headers) {
        Resp r = sf.post(sf.data("/sobjects/" + type), fields, headers);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().get("id").asText();
    }

    String lead(String last) {
        return create("Lead", Map.of("LastName", last, "Company", "Co"), "Sforce-Auto-Assign", "FALSE");
    }

    @Test
    void anAssignmentRuleRoutingToAQueueLeavesTheQueueAsOwner() {
        simulator.settings().setAssignmentRuleQueue(true);
        String id = create("Lead", Map.of("LastName", "Queued", "Company", "Co"));

        JsonNode row = query("SELECT Id, OwnerId, Owner.Type, Owner.Name FROM Lead WHERE Id = '" + id + "'").get("records").get(0);

        assertThat(row.get("OwnerId").asText()).startsWith("00G");
        assertThat(row.get("Owner").get("attributes").get("type").asText()).isEqualTo("Name");
        assertThat(row.get("Owner").get("attributes").get("url").asText()).contains("/sobjects/Group/" + row.get("OwnerId").asText());
        assertThat(row.get("Owner").get("Type").asText()).isEqualTo("Queue");
        assertThat(row.get("Owner").get("Name").asText()).isEqualTo("Inbound Leads");
        assertThat(query("SELECT Id FROM Lead WHERE Owner.Type = 'Queue'").get("totalSize").asInt()).isEqualTo(1);
        String queue = row.get("OwnerId").asText();
        String other = simulator.create("Group", Map.of("Name", "Team", "DeveloperName", "Team", "Type", "Regular"));
        Resp notAQueue = sf.patch(sf.data("/sobjects/Lead/" + id), Map.of("OwnerId", other));
        assertThat(notAQueue.json().get(0).get("errorCode").asText()).isEqualTo("FIELD_INTEGRITY_EXCEPTION");
        assertThat(sf.patch(sf.data("/sobjects/Lead/" + lead("Requeued")), Map.of("OwnerId", queue)).status()).isEqualTo(204);
        // a Lead sent with its owner and no assignment keeps a User, whose Type is User
        JsonNode kept = query("SELECT Owner.Type FROM Lead WHERE Id = '" + lead("Mine") + "'").get("records").get(0);
        assertThat(kept.get("Owner").get("Type").asText()).isEqualTo("User");
        JsonNode ownerField = sf.get(sf.data("/sobjects/Lead/describe")).json().get("fields");
        for (JsonNode field : ownerField) {
            if ("OwnerId".equals(field.get("name").asText())) {
                assertThat(field.get("referenceTo").toString()).isEqualTo("[\"Group\",\"User\"]");
            }
        }
    }

    @Test
    void whoIsPolymorphicAndALeadInWhoIdTakesNoWhatId() {
        String lead = lead("Who");
        String account = create("Account", Map.of("Name", "Acme"));
        String contact = create("Contact", Map.of("LastName", "Person", "AccountId", account));
        create("Task", Map.of("Subject", "Call lead", "WhoId", lead));
        create("Task", Map.of("Subject", "Call contact", "WhoId", contact, "WhatId", account));

        JsonNode rows = query("SELECT Subject, Who.Type, Who.Name, What.Type FROM Task ORDER BY Subject").get("records");
        assertThat(rows.get(0).get("Who").get("Type").asText()).isEqualTo("Contact");
        assertThat(rows.get(0).get("What").get("Type").asText()).isEqualTo("Account");
        assertThat(rows.get(1).get("Who").get("Type").asText()).isEqualTo("Lead");
        assertThat(rows.get(1).get("Who").get("Name").asText()).isEqualTo("Who");
        assertThat(rows.get(1).get("What").isNull()).isTrue();

        Resp both = sf.post(sf.data("/sobjects/Task"), Map.of("Subject", "Both", "WhoId", lead, "WhatId", account));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get(0).get("errorCode").asText()).isEqualTo("FIELD_INTEGRITY_EXCEPTION");
        assertThat(both.json().get(0).get("fields").get(0).asText()).isEqualTo("WhoId");
    }

    @Test
    void aCompletedTaskClosesAndSetsLastActivityDate() {
        String lead = lead("Active");
        String due = LocalDate.now(ZoneOffset.UTC).minusDays(3).toString();
        String task = create("Task", Map.of("Subject", "Call", "WhoId", lead, "ActivityDate", due));
        assertThat(query("SELECT IsClosed FROM Task").get("records").get(0).get("IsClosed").asBoolean()).isFalse();
        assertThat(query("SELECT LastActivityDate FROM Lead").get("records").get(0).get("LastActivityDate").isNull())
                .as("an open Task is no activity yet").isTrue();

        assertThat(sf.patch(sf.data("/sobjects/Task/" + task), Map.of("Status", "Completed")).status()).isEqualTo(204);

        assertThat(query("SELECT IsClosed FROM Task").get("records").get(0).get("IsClosed").asBoolean()).isTrue();
        assertThat(query("SELECT LastActivityDate FROM Lead").get("records").get(0).get("LastActivityDate").asText()).isEqualTo(due);
        Resp written = sf.patch(sf.data("/sobjects/Task/" + task), Map.of("IsClosed", false));
        assertThat(written.json().get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(sf.delete(sf.data("/sobjects/Task/" + task)).status()).isEqualTo(204);
        assertThat(query("SELECT LastActivityDate FROM Lead").get("records").get(0).get("LastActivityDate").isNull()).isTrue();
    }

    @Test
    void anEventTakesItsEndFromItsDurationAndCountsAsActivity() {
        String contact = create("Contact", Map.of("LastName", "Met"));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("Subject", "Meeting");
        event.put("StartDateTime", "2026-11-03T09:00:00.000+0000");
        event.put("DurationInMinutes", 90);
        event.put("WhoId", contact);
        create("Event", event);

        JsonNode row = query("SELECT EndDateTime, ActivityDate, Who.Type FROM Event").get("records").get(0);
        assertThat(row.get("EndDateTime").asText()).isEqualTo("2026-11-03T10:30:00.000+0000");
        assertThat(row.get("ActivityDate").asText()).isEqualTo("2026-11-03");
        assertThat(row.get("Who").get("Type").asText()).isEqualTo("Contact");
        assertThat(query("SELECT LastActivityDate FROM Contact").get("records").get(0).get("LastActivityDate").asText())
                .isEqualTo("2026-11-03");
        String eventId = query("SELECT Id FROM Event").get("records").get(0).get("Id").asText();
        assertThat(sf.patch(sf.data("/sobjects/Event/" + eventId), Map.of("StartDateTime", "2026-11-03T11:00:00.000+0000"))
                .status()).isEqualTo(204);
        assertThat(query("SELECT EndDateTime FROM Event").get("records").get(0).get("EndDateTime").asText())
                .as("a moved start keeps the duration").isEqualTo("2026-11-03T12:30:00.000+0000");
        Resp noLength = sf.post(sf.data("/sobjects/Event"), Map.of("Subject", "x", "StartDateTime", "2026-11-03T09:00:00Z"));
        assertThat(noLength.json().get(0).get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
    }

    @Test
    void childSubqueriesSemiJoinsAndHaving() {
        String busy = lead("Busy");
        String quiet = lead("Quiet");
        create("Task", Map.of("Subject", "One", "WhoId", busy));
        create("Task", Map.of("Subject", "Two", "WhoId", busy));

        JsonNode rows = query("SELECT Id, LastName, (SELECT Subject FROM Tasks ORDER BY Subject DESC) FROM Lead ORDER BY LastName")
                .get("records");
        assertThat(rows.get(0).get("Tasks").get("totalSize").asInt()).isEqualTo(2);
        assertThat(rows.get(0).get("Tasks").get("done").asBoolean()).isTrue();
        assertThat(rows.get(0).get("Tasks").get("records").get(0).get("Subject").asText()).isEqualTo("Two");
        assertThat(rows.get(0).get("Tasks").get("records").get(0).get("attributes").get("type").asText()).isEqualTo("Task");
        assertThat(rows.get(1).get("Tasks").isNull()).as("no children: null").isTrue();

        JsonNode in = query("SELECT Id FROM Lead WHERE Id IN (SELECT WhoId FROM Task WHERE Subject = 'One')").get("records");
        assertThat(in).hasSize(1);
        assertThat(in.get(0).get("Id").asText()).isEqualTo(busy);
        JsonNode notIn = query("SELECT Id FROM Lead WHERE Id NOT IN (SELECT WhoId FROM Task)").get("records");
        assertThat(notIn.get(0).get("Id").asText()).isEqualTo(quiet);

        JsonNode having = query("SELECT WhoId, COUNT(Id) n FROM Task GROUP BY WhoId HAVING COUNT(Id) > 1").get("records");
        assertThat(having).hasSize(1);
        assertThat(having.get(0).get("n").asInt()).isEqualTo(2);
        assertThat(query("SELECT WhoId, COUNT(Id) FROM Task GROUP BY WhoId HAVING COUNT(Id) > 2").get("totalSize").asInt()).isZero();

        Resp unknown = sf.get(sf.query("SELECT Id, (SELECT Id FROM Opportunities) FROM Lead"));
        assertThat(unknown.json().get(0).get("errorCode").asText()).isEqualTo("INVALID_TYPE");
        Resp notAnId = sf.get(sf.query("SELECT Id FROM Lead WHERE Id IN (SELECT Subject FROM Task)"));
        assertThat(notAnId.json().get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
    }
}
