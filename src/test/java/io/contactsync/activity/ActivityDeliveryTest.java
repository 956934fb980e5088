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

/** The upsert request of a chunk of Tasks: fields a real org takes on create only stay out of possible updates. */
class ActivityDeliveryTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ActivityDelivery delivery = new ActivityDelivery(null, null, null,
            new Delivery(json, null, new ContactSyncProperties(new ContactSyncProperties.Sync(SyncMode.manual, Target.Lead,
                    200, "contact-sync", true), null, null, null, null, null, null, null)),
            null, null, "ActivitySyncId__c");

    @Test
    void aTaskThatMayExistIsSentWithoutItsCreateOnlyFields() throws Exception {
        ActivityItem fresh = item(1, false);
        ActivityItem claimedBefore = item(2, true);

        JsonNode first = json.readTree(delivery.body(List.of(fresh, claimedBefore)));
        assertThat(first.get("allOrNone").asBoolean()).isFalse();
        assertThat(first.get("records").get(0).get("attributes").get("type").asText()).isEqualTo("Task");
        assertThat(first.get("records").get(0).has("TaskSubtype")).isTrue();
        assertThat(first.get("records").get(1).has("TaskSubtype")).isFalse();
        assertThat(first.get("records").get(1).get("ActivitySyncId__c").asText()).isEqualTo("key-2");

        // a redelivery after a lost answer: the first call may have created both
        JsonNode again = json.readTree(delivery.body(List.of(fresh, claimedBefore)));
        assertThat(again.get("records").get(0).has("TaskSubtype")).isFalse();
        assertThat(again.get("records").get(0).get("Subject").asText()).isEqualTo("Subject 1");
        assertThat(fresh.record()).containsKey("TaskSubtype");
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
