package io.contactsync.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.config.ContactSyncProperties.SyncMode;
import io.contactsync.sync.Delivery;
import io.contactsync.sync.SyncChunk.Target;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The upsert request of a batch of Tasks: one Composite request with an sObject Collections upsert per chunk
 * (2 here); fields a real org takes on create only stay out of possible updates.
 */
class ActivityDeliveryTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ActivityDelivery delivery = new ActivityDelivery(null, null, null,
            new Delivery(json, null, new ContactSyncProperties(new ContactSyncProperties.Sync(SyncMode.manual, Target.Lead,
                    200, "contact-sync", true), null, null, null, null, null, null, null)),
            null, null, "ActivitySyncId__c", 2, "64.0");

    @Test
    void aTaskThatMayExistIsSentWithoutItsCreateOnlyFields() throws Exception {
        ActivityItem fresh = item(1, false);
        ActivityItem claimedBefore = item(2, true);

        JsonNode composite = json.readTree(delivery.body(List.of(fresh, claimedBefore)));
        assertThat(composite.get("compositeRequest")).hasSize(1);
        JsonNode sub = composite.get("compositeRequest").get(0);
        assertThat(sub.get("method").asText()).isEqualTo("PATCH");
        assertThat(sub.get("url").asText()).isEqualTo("/services/data/v64.0/composite/sobjects/Task/ActivitySyncId__c");
        JsonNode first = sub.get("body");
        assertThat(first.get("allOrNone").asBoolean()).isFalse();
        assertThat(first.get("records").get(0).get("attributes").get("type").asText()).isEqualTo("Task");
        assertThat(first.get("records").get(0).has("TaskSubtype")).isTrue();
        assertThat(first.get("records").get(1).has("TaskSubtype")).isFalse();
        assertThat(first.get("records").get(1).get("ActivitySyncId__c").asText()).isEqualTo("key-2");

        // a redelivery after a lost answer: the first call may have created both
        JsonNode again = json.readTree(delivery.body(List.of(fresh, claimedBefore)))
                .get("compositeRequest").get(0).get("body");
        assertThat(again.get("records").get(0).has("TaskSubtype")).isFalse();
        assertThat(again.get("records").get(0).get("Subject").asText()).isEqualTo("Subject 1");
        assertThat(fresh.record()).containsKey("TaskSubtype");
    }

    @Test
    void fiveChunksGoInOneCompositeAndTheAnswerOfEachSubrequestReachesItsActivities() throws Exception {
        List<ActivityItem> items = new java.util.ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            items.add(item(i, false));
        }
        List<List<ActivityItem>> batches = delivery.batches(List.of(items.subList(0, 7), items.subList(7, 12)));
        assertThat(batches).extracting(List::size).containsExactly(10, 2);
        List<ActivityItem> batch = batches.get(0);
        assertThat(json.readTree(delivery.body(batch)).get("compositeRequest")).hasSize(5);

        List<Object> parts = new java.util.ArrayList<>();
        for (int g = 0; g < 5; g++) {
            parts.add(g == 3
                    ? Map.of("httpStatusCode", 503, "body", List.of(Map.of("errorCode", "SERVER_UNAVAILABLE", "message", "busy")))
                    : g == 4 ? Map.of("httpStatusCode", 400, "body", List.of(Map.of("errorCode", "INVALID_FIELD", "message", "no")))
                    : Map.of("httpStatusCode", 200, "body", List.of(Map.of("success", true, "id", "00T" + g + "a"),
                            Map.of("success", true, "id", "00T" + g + "b"))));
        }
        delivery.apply(batch, json.writeValueAsString(Map.of("compositeResponse", parts)));

        assertThat(batch.get(0).sfId()).isEqualTo("00T0a");
        assertThat(batch.get(5).sfId()).isEqualTo("00T2b");
        assertThat(batch.get(6).retryable()).isTrue();
        assertThat(batch.get(9).outcome()).isEqualTo(ActivityItem.Outcome.FAILED);
        assertThat(batch.get(9).errorCode()).isEqualTo("INVALID_FIELD");
        assertThat(delivery.hasRetryable(batch)).isTrue();
    }

    private static ActivityItem item(long id, boolean sentBefore) {
        ActivityItem item = new ActivityItem(new Activity(id, 1, "e-" + id, "email-sent", OffsetDateTime.now(), "Subject " + id,
                null, null, "key-" + id, "00Q000000000001"), sentBefore);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("Subject", "Subject " + id);
        record.put("TaskSubtype", "Email");
        record.put("ActivitySyncId__c", "key-" + id);
        item.record(record);
        return item;
    }
}
