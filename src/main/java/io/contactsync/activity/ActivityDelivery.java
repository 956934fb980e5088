package io.contactsync.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.contactsync.mapping.MappingCheck;
import io.contactsync.mapping.MappingTemplate;
import io.contactsync.mapping.MappingTemplates;
import io.contactsync.salesforce.SalesforceStatus;
import io.contactsync.sync.Delivery;
import io.contactsync.sync.SyncFailures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A chunk of activities as Tasks: mapped with {@code routes/mappings/task.yaml}, upserted in one sObject
 * Collections call on the Task external id (the request and its per-record answers are the contact
 * pipeline's, {@link Delivery}), and settled after a failure the way contacts are ({@link SyncFailures}).
 */
@Component("activityDelivery")
public class ActivityDelivery {

    static final String TASK = "Task";
    /**
     * Task fields a real org takes on create only: a Task that may exist already (an earlier claim or call
     * whose answer was lost) is upserted without them, else Salesforce refuses the update.
     */
    static final List<String> CREATE_ONLY = List.of("TaskSubtype");

    private final CamelContext camel;
    private final MappingTemplates templates;
    private final MappingCheck check;
    private final Delivery delivery;
    private final SyncFailures failures;
    private final SalesforceStatus status;
    private final String externalIdField;

    public ActivityDelivery(CamelContext camel, MappingTemplates templates, MappingCheck check, Delivery delivery,
                            SyncFailures failures, SalesforceStatus status,
                            @Value("${contactsync.activities.external-id-field:ActivitySyncId__c}") String externalIdField) {
        this.camel = camel;
        this.templates = templates;
        this.check = check;
        this.delivery = delivery;
        this.failures = failures;
        this.status = status;
        this.externalIdField = externalIdField;
    }

    /** Maps each activity to its Task; one whose values do not fit the org's fields fails with the reason. */
    public List<ActivityItem> map(List<ActivityItem> chunk) {
        MappingTemplate template = templates.other(TASK);
        for (ActivityItem item : chunk) {
            Map<String, Object> record = template.create(camel, item.activity());
            item.record(record);
            List<String> misfits = new ArrayList<>(check.fit(TASK, record, false));
            if (record.get(externalIdField) == null) {
                misfits.add(template.file() + " sets no " + externalIdField + " (contactsync.activities.external-id-field)");
            }
            if (!misfits.isEmpty()) {
                item.fail("MAPPING_INVALID", String.join("; ", misfits));
            }
        }
        return chunk;
    }

    public boolean hasOpen(List<ActivityItem> chunk) {
        return chunk.stream().anyMatch(ActivityItem::open);
    }

    /** The upsert request for the open activities (those refused for a passing reason included). */
    public String body(List<ActivityItem> chunk) throws JsonProcessingException {
        List<Map<String, Object>> records = new ArrayList<>();
        chunk.stream().filter(ActivityItem::open).forEach(item -> {
            Map<String, Object> record = new LinkedHashMap<>(item.record());
            if (item.sentBefore()) {
                CREATE_ONLY.forEach(record::remove);
            }
            records.add(record);
            item.sent();
        });
        return delivery.collectionOf(TASK, records);
    }

    /** Path under /services/data/vNN.N of the upsert on the external id. */
    public String path() {
        return "/composite/sobjects/" + TASK + "/" + externalIdField;
    }

    /** Maps the per-record answers back to the activities sent. */
    public List<ActivityItem> apply(List<ActivityItem> chunk, String response) throws JsonProcessingException {
        List<ActivityItem> sent = chunk.stream().filter(ActivityItem::open).toList();
        List<Delivery.Outcome> outcomes = delivery.outcomes(response, sent.size());
        for (int i = 0; i < sent.size(); i++) {
            Delivery.Outcome outcome = outcomes.get(i);
            ActivityItem item = sent.get(i);
            if (outcome.success()) {
                item.exported(outcome.id());
            } else if (outcome.passing()) {
                item.retryable(outcome.code(), outcome.message());
            } else {
                item.fail(outcome.code(), outcome.message());
            }
        }
        return chunk;
    }

    public boolean hasRetryable(List<ActivityItem> chunk) {
        return chunk.stream().anyMatch(item -> item.open() && item.retryable());
    }

    /**
     * Settles the open activities after a failure that outlasted its redeliveries: they wait as PENDING
     * while Salesforce cannot take calls (allowance used up, login failing), otherwise fail with the reason.
     */
    public List<ActivityItem> settle(List<ActivityItem> chunk, Exception exception) {
        String code = SyncFailures.code(exception);
        String message = SyncFailures.message(exception);
        boolean loginFails = status.isLoginError(exception);
        status.observeFailure(exception);
        chunk.stream().filter(ActivityItem::open).forEach(item -> {
            if (loginFails) {
                item.postpone("SALESFORCE_LOGIN_FAILED", "Salesforce login fails; will be sent again: " + message);
            } else if ("REQUEST_LIMIT_EXCEEDED".equals(code)) {
                item.postpone(code, "Salesforce API allowance used up; will be sent again: " + message);
            } else if (item.retryable()) {
                item.fail(item.errorCode(), item.errorMessage());
            } else {
                item.fail(code, message);
            }
        });
        return chunk;
    }

    /** Whether a failure passes (redelivered), as for contacts. */
    public boolean passing(Exception exception) {
        return failures.passing(exception);
    }
}
