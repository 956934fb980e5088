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
    private final int chunkSize;
    private final String apiVersion;
    private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

    public ActivityDelivery(CamelContext camel, MappingTemplates templates, MappingCheck check, Delivery delivery,
                            SyncFailures failures, SalesforceStatus status,
                            @Value("${contactsync.activities.external-id-field:ActivitySyncId__c}") String externalIdField,
                            @Value("${contactsync.sync.chunk-size:200}") int chunkSize,
                            @Value("${contactsync.salesforce.api-version}") String apiVersion) {
        this.camel = camel;
        this.templates = templates;
        this.check = check;
        this.delivery = delivery;
        this.failures = failures;
        this.status = status;
        this.externalIdField = externalIdField;
        this.chunkSize = Math.min(200, Math.max(1, chunkSize));
        this.apiVersion = apiVersion;
    }

    /** sObject Collections subrequests one Composite request may hold. */
    static final int COLLECTIONS_PER_COMPOSITE = 5;

    /** The claimed chunks regrouped into batches of up to 5 chunks: each batch goes out in one Composite call. */
    public List<List<ActivityItem>> batches(List<List<ActivityItem>> chunks) {
        List<List<ActivityItem>> batches = new ArrayList<>();
        List<ActivityItem> batch = new ArrayList<>();
        for (List<ActivityItem> chunk : chunks) {
            for (ActivityItem item : chunk) {
                if (batch.size() == chunkSize * COLLECTIONS_PER_COMPOSITE) {
                    batches.add(batch);
                    batch = new ArrayList<>();
                }
                batch.add(item);
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
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

    /**
     * The upsert request for the open activities (those refused for a passing reason included): one Composite
     * request with one sObject Collections upsert per 200 of them (5 at most), so 1,000 Tasks cost one API call.
     */
    public String body(List<ActivityItem> batch) throws JsonProcessingException {
        List<Map<String, Object>> subrequests = new ArrayList<>();
        List<List<ActivityItem>> groups = groups(batch);
        for (int g = 0; g < groups.size(); g++) {
            List<Map<String, Object>> records = new ArrayList<>();
            for (ActivityItem item : groups.get(g)) {
                Map<String, Object> record = new LinkedHashMap<>(item.record());
                if (item.sentBefore()) {
                    CREATE_ONLY.forEach(record::remove);
                }
                records.add(record);
                item.sent();
            }
            subrequests.add(Map.of("method", "PATCH", "referenceId", "tasks" + g,
                    "url", "/services/data/v" + apiVersion + path(), "body", json.readTree(delivery.collectionOf(TASK, records))));
        }
        return json.writeValueAsString(Map.of("allOrNone", false, "compositeRequest", subrequests));
    }

    /** The open activities in groups of one sObject Collections call each (in the order sent). */
    private List<List<ActivityItem>> groups(List<ActivityItem> batch) {
        List<ActivityItem> open = batch.stream().filter(ActivityItem::open).toList();
        List<List<ActivityItem>> groups = new ArrayList<>();
        for (int i = 0; i < open.size(); i += chunkSize) {
            groups.add(open.subList(i, Math.min(open.size(), i + chunkSize)));
        }
        if (groups.size() > COLLECTIONS_PER_COMPOSITE) {
            throw new IllegalStateException("a batch of " + open.size() + " activities needs more than "
                    + COLLECTIONS_PER_COMPOSITE + " collections");
        }
        return groups;
    }

    /** Path under /services/data/vNN.N of the upsert on the external id. */
    public String path() {
        return "/composite/sobjects/" + TASK + "/" + externalIdField;
    }

    /**
     * Maps the Composite answer back to the activities sent: per subrequest the per-record answers, or the
     * subrequest's refusal for all of its activities (passing for 503 and UNABLE_TO_LOCK_ROW).
     */
    @SuppressWarnings("unchecked")
    public List<ActivityItem> apply(List<ActivityItem> batch, String response) throws JsonProcessingException {
        List<List<ActivityItem>> groups = groups(batch);
        Map<String, Object> answer = json.readValue(response, Map.class);
        List<Map<String, Object>> subresponses = (List<Map<String, Object>>) answer.getOrDefault("compositeResponse", List.of());
        if (subresponses.size() != groups.size()) {
            throw new IllegalStateException("Salesforce answered " + subresponses.size() + " parts for " + groups.size());
        }
        for (int g = 0; g < groups.size(); g++) {
            List<ActivityItem> sent = groups.get(g);
            Map<String, Object> sub = subresponses.get(g);
            int httpStatus = ((Number) sub.get("httpStatusCode")).intValue();
            if (httpStatus >= 300) {
                Object body = sub.get("body");
                Map<String, Object> error = body instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> m
                        ? (Map<String, Object>) m : Map.of();
                String code = String.valueOf(error.getOrDefault("errorCode", "HTTP_" + httpStatus));
                String message = String.valueOf(error.getOrDefault("message", "HTTP " + httpStatus));
                boolean passing = httpStatus == 503 || "UNABLE_TO_LOCK_ROW".equals(code) || "SERVER_UNAVAILABLE".equals(code);
                sent.forEach(item -> {
                    if (passing) {
                        item.retryable(code, message);
                    } else {
                        item.fail(code, message);
                    }
                });
                continue;
            }
            List<Delivery.Outcome> outcomes = delivery.outcomes(json.writeValueAsString(sub.get("body")), sent.size());
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
        }
        return batch;
    }

    public boolean hasRetryable(List<ActivityItem> chunk) {
        return chunk.stream().anyMatch(item -> item.open() && item.retryable());
    }

    /**
     * Settles the open activities after a failure that outlasted its redeliveries: they wait as PENDING
     * while Salesforce cannot take calls (allowance used up, login failing), otherwise fail with the reason;
     * those refused for a passing reason are sent again later (retry-later rounds, as contacts are).
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
                item.failLater(item.errorCode(), item.errorMessage());
            } else if (failures.passing(exception)) {
                item.failLater(code, message);
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
