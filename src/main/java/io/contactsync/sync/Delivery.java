package io.contactsync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.sync.CompositeRequest.Answer;
import io.contactsync.sync.CompositeRequest.Subrequest;
import io.contactsync.sync.SyncChunk.Target;
import io.contactsync.sync.SyncItem.Action;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Builds the Composite requests that write a chunk (sObject Collections subrequests of 200 records, 5 to
 * a call) and maps the per-record results back to its contacts. Results come in the order of the records
 * sent, so each subrequest keeps the items it carried.
 */
@Component("delivery")
public class Delivery {

    /** Errors that say "try again", per record or for the whole call. */
    /** Records per sObject Collections request: Salesforce's limit. */
    static final int COLLECTION_SIZE = 200;
    static final Set<String> TRANSIENT = Set.of("UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE", "REQUEST_RUNNING_TOO_LONG",
            "QUERY_TIMEOUT", "SERVICE_UNAVAILABLE");
    private static final TypeReference<List<Map<String, Object>>> RESULTS = new TypeReference<>() { };

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    private final ObjectMapper json;
    private final RecordMapper mapper;
    private final boolean createAccounts;
    private final boolean keepOwners;
    private final String dataPath;

    public Delivery(ObjectMapper json, RecordMapper mapper, ContactSyncProperties properties) {
        this.json = json;
        this.mapper = mapper;
        this.createAccounts = properties.sync().createAccounts();
        this.keepOwners = properties.owner() == null || properties.owner().disableAssignmentRules();
        this.dataPath = "/services/data/v" + (properties.salesforce() == null ? "56.0" : properties.salesforce().apiVersion());
    }

    // ---- link: the contact is connected to the record that already has its email

    public SyncChunk linkExisting(SyncChunk chunk) {
        chunk.open().filter(item -> item.action() == Action.LINK && item.sameEmailAs() == null)
                .forEach(item -> item.exported(item.sfObject(), item.sfId()));
        return chunk;
    }

    // ---- accounts for ContactWithAccount

    /** Names of the Accounts the chunk's new Contacts belong to, distinct regardless of case. */
    public List<String> accountNames(SyncChunk chunk) {
        if (chunk.target() != Target.ContactWithAccount) {
            return List.of();
        }
        Map<String, String> names = new LinkedHashMap<>();
        creates(chunk).forEach(item -> {
            String name = accountName(item);
            if (name != null) {
                names.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            }
        });
        return List.copyOf(names.values());
    }

    /** Links the new Contacts to the Accounts found by name; the others wait for a new Account, or fail. */
    public SyncChunk linkAccounts(SyncChunk chunk, List<Map<String, Object>> accounts) {
        Map<String, String> idByName = new HashMap<>();
        accounts.forEach(a -> idByName.putIfAbsent(((String) a.get("Name")).toLowerCase(Locale.ROOT), (String) a.get("Id")));
        creates(chunk).forEach(item -> {
            String name = accountName(item);
            String id = name == null ? null : idByName.get(name.toLowerCase(Locale.ROOT));
            if (id != null) {
                item.record().put("AccountId", id);
            } else if (!createAccounts) {
                item.fail("ACCOUNT_NOT_FOUND", "no Account named '" + name + "' exists and account creation is off "
                        + "(contactsync.sync.create-accounts)");
            }
        });
        return chunk;
    }

    public boolean needsNewAccounts(SyncChunk chunk) {
        return !accountsToCreate(chunk).isEmpty();
    }

    /**
     * The one new Account per missing name, 200 to an sObject Collections create, 5 of those to a Composite
     * call. Each subrequest's tag is the names (lower case) of its Accounts, in order.
     */
    public List<CompositeRequest> accountCalls(SyncChunk chunk) {
        List<Map.Entry<String, SyncItem>> missing = List.copyOf(accountsToCreate(chunk).entrySet());
        List<Subrequest> subrequests = new ArrayList<>();
        for (int from = 0; from < missing.size(); from += COLLECTION_SIZE) {
            List<Map.Entry<String, SyncItem>> slice = missing.subList(from, Math.min(missing.size(), from + COLLECTION_SIZE));
            subrequests.add(new Subrequest("accounts" + subrequests.size(), "POST", dataPath + "/composite/sobjects",
                    collectionBody(slice.stream().map(e -> typed("Account", e.getValue().account())).toList()), true,
                    slice.stream().map(Map.Entry::getKey).toList()));
        }
        return packed("Accounts of " + missing.size() + " names", subrequests);
    }

    /**
     * Links the new Contacts to the Accounts one Composite call created; the Contacts of an Account that
     * could not be created fail with the reason. A subrequest refused whole for a passing reason fails the
     * step, so that the chunk is tried again before any Contact is sent without its Account.
     */
    @SuppressWarnings("unchecked")
    public SyncChunk applyAccountAnswers(SyncChunk chunk, CompositeRequest request, String response) throws Exception {
        Map<String, String> created = new HashMap<>();
        Map<String, String> failed = new HashMap<>();
        for (Answer answer : request.answers(json, response)) {
            List<String> names = (List<String>) answer.subrequest().tag();
            if (!answer.ok()) {
                Map<String, Object> error = CompositeRequest.firstError(answer.body());
                String code = errorCode(error);
                if (TRANSIENT.contains(code) || answer.status() >= 500) {
                    throw new SalesforceException(List.of(new RestError(code, String.valueOf(error.get("message")))),
                            answer.status());
                }
                names.forEach(name -> failed.put(name, describe(error)));
                continue;
            }
            List<Map<String, Object>> results = (List<Map<String, Object>>) answer.body();
            for (int i = 0; i < names.size(); i++) {
                Map<String, Object> result = i < results.size() ? results.get(i) : Map.of();
                if (Boolean.TRUE.equals(result.get("success"))) {
                    created.put(names.get(i), (String) result.get("id"));
                } else {
                    failed.put(names.get(i), describe(firstError(result)));
                }
            }
        }
        creates(chunk).filter(item -> !item.record().containsKey("AccountId") && accountName(item) != null).forEach(item -> {
            String key = accountName(item).toLowerCase(Locale.ROOT);
            if (created.containsKey(key)) {
                item.record().put("AccountId", created.get(key));
            } else if (failed.containsKey(key)) {
                item.fail("ACCOUNT_NOT_CREATED", "the Account '" + accountName(item) + "' could not be created: "
                        + failed.get(key));
            }
        });
        return chunk;
    }

    private Map<String, SyncItem> accountsToCreate(SyncChunk chunk) {
        Map<String, SyncItem> firstByName = new LinkedHashMap<>();
        if (chunk.target() == Target.ContactWithAccount && createAccounts) {
            creates(chunk).filter(item -> !item.record().containsKey("AccountId") && accountName(item) != null)
                    .forEach(item -> firstByName.putIfAbsent(accountName(item).toLowerCase(Locale.ROOT), item));
        }
        return firstByName;
    }

    private static String accountName(SyncItem item) {
        Object name = item.account() == null ? null : item.account().get("Name");
        return name == null ? null : name.toString();
    }

    // ---- writes: updates of existing records and creates (upserts on the external id), by Composite

    /** One Composite call of a chunk's writes; {@code keepOwner}: sent with {@code Sforce-Auto-Assign: FALSE}. */
    public record WriteCall(CompositeRequest request, boolean keepOwner) { }

    /** What one Collections subrequest of a write call sent: its items in order, and their sObject (null: each its own). */
    private record Sent(List<SyncItem> items, String object) { }

    public boolean hasWrites(SyncChunk chunk) {
        return creates(chunk).findAny().isPresent() || updates(chunk).findAny().isPresent();
    }

    /**
     * The chunk's writes in as few Composite calls as the limits allow: 200 records to an sObject
     * Collections subrequest, 5 of those to a call (1,000 records). {@code Sforce-Auto-Assign} is a header
     * of the whole call, so the records whose owner the service set (and the updates, which keep theirs)
     * go apart from the new records left to Salesforce's assignment rules (owner fallback none), and only
     * when both are there.
     */
    public List<WriteCall> writeCalls(SyncChunk chunk) {
        List<Subrequest> owned = new ArrayList<>();
        List<Subrequest> unowned = new ArrayList<>();
        slices(updates(chunk).toList()).forEach(items -> owned.add(new Subrequest("update" + owned.size(), "PATCH",
                dataPath + "/composite/sobjects", collectionBody(items.stream().map(item -> {
                    Map<String, Object> record = typed(item.sfObject(), item.record());
                    record.put("Id", item.sfId());
                    return record;
                }).toList()), true, new Sent(items, null))));
        String type = chunk.target().sObject();
        String field = mapper.externalIdField();
        String method = field == null ? "POST" : "PATCH";
        String path = dataPath + (field == null ? "/composite/sobjects" : "/composite/sobjects/" + type + "/" + field);
        for (boolean withOwner : List.of(true, false)) {
            List<Subrequest> group = withOwner || !keepOwners ? owned : unowned;
            slices(creates(chunk, withOwner).toList()).forEach(items -> group.add(new Subrequest(
                    (withOwner ? "create" : "unowned") + group.size(), method, path,
                    collectionBody(items.stream().map(item -> typed(type, item.record())).toList()), true,
                    new Sent(items, type))));
        }
        List<WriteCall> calls = new ArrayList<>();
        packed("Writes of " + chunk.items().size() + " contacts", owned).forEach(r -> calls.add(new WriteCall(r, keepOwners)));
        if (!unowned.isEmpty()) {
            if (!owned.isEmpty()) {
                LOG.info("Writes of {} contacts: records left to Salesforce's assignment rules go in a call of their own "
                        + "(Sforce-Auto-Assign is a header of the whole call)", chunk.items().size());
            }
            packed("Writes of records without owner", unowned).forEach(r -> calls.add(new WriteCall(r, false)));
        }
        return calls;
    }

    /** The JSON body of one Composite call. */
    public String compositeBody(CompositeRequest request) throws JsonProcessingException {
        return request.json(json);
    }

    /**
     * Maps the per-record results of each Collections subrequest of a write call to its contacts. A
     * subrequest refused whole fails its records with the reason, or leaves them to be sent again when
     * the reason passes.
     */
    @SuppressWarnings("unchecked")
    public SyncChunk applyWrites(SyncChunk chunk, WriteCall call, String response) throws JsonProcessingException {
        for (Answer answer : call.request().answers(json, response)) {
            Sent sent = (Sent) answer.subrequest().tag();
            if (!answer.ok()) {
                Map<String, Object> error = CompositeRequest.firstError(answer.body());
                String code = errorCode(error);
                boolean passing = TRANSIENT.contains(code) || answer.status() >= 500;
                sent.items().forEach(item -> {
                    if (passing) {
                        item.retryable(code, describe(error));
                    } else {
                        item.fail(code, describe(error));
                    }
                });
                continue;
            }
            List<Map<String, Object>> results = (List<Map<String, Object>>) answer.body();
            if (results.size() != sent.items().size()) {
                throw new IllegalStateException("Salesforce answered " + results.size() + " results for "
                        + sent.items().size() + " records");
            }
            for (int i = 0; i < results.size(); i++) {
                SyncItem item = sent.items().get(i);
                apply(item, results.get(i), sent.object() != null ? sent.object() : item.sfObject());
            }
        }
        return chunk;
    }

    private static List<List<SyncItem>> slices(List<SyncItem> items) {
        List<List<SyncItem>> slices = new ArrayList<>();
        for (int from = 0; from < items.size(); from += COLLECTION_SIZE) {
            slices.add(items.subList(from, Math.min(items.size(), from + COLLECTION_SIZE)));
        }
        return slices;
    }

    private static List<CompositeRequest> packed(String what, List<Subrequest> subrequests) {
        List<CompositeRequest> requests = CompositeRequest.pack(subrequests);
        if (requests.size() > 1) {
            LOG.info("{}: {} sObject Collections subrequests of up to {} records need {} Composite calls (at most {} each)",
                    what, subrequests.size(), COLLECTION_SIZE, requests.size(), CompositeRequest.MAX_QUERIES_AND_COLLECTIONS);
        }
        return requests;
    }

    // ---- collections of other records (activities as Tasks)

    /** One record's answer in an sObject Collections call: its id, or the error and whether it passes. */
    public record Outcome(boolean success, String id, String code, String message, boolean passing) { }

    /** The body of an sObject Collections call for these records of one type (allOrNone false). */
    public String collectionOf(String type, List<Map<String, Object>> records) throws JsonProcessingException {
        return collection(records.stream().map(record -> typed(type, record)).toList());
    }

    /** The per-record answers of an sObject Collections call, in the order the records were sent. */
    public List<Outcome> outcomes(String response, int sent) throws JsonProcessingException {
        List<Map<String, Object>> results = json.readValue(response, RESULTS);
        if (results.size() != sent) {
            throw new IllegalStateException("Salesforce answered " + results.size() + " results for " + sent + " records");
        }
        return results.stream().map(result -> {
            if (Boolean.TRUE.equals(result.get("success"))) {
                return new Outcome(true, (String) result.get("id"), null, null, false);
            }
            Map<String, Object> error = firstError(result);
            String code = String.valueOf(error.getOrDefault("statusCode", error.getOrDefault("errorCode", "UNKNOWN")));
            return new Outcome(false, null, code, describe(error), TRANSIENT.contains(code));
        }).toList();
    }

    // ---- results

    /** Items whose record failed for a passing reason and should be sent again. */
    public boolean hasRetryable(SyncChunk chunk) {
        return chunk.open().anyMatch(SyncItem::retryable);
    }

    public SyncChunk giveUp(SyncChunk chunk) {
        chunk.open().filter(item -> item.sameEmailAs() == null).forEach(SyncItem::giveUp);
        return chunk;
    }

    @SuppressWarnings("unchecked")
    private void apply(SyncItem item, Map<String, Object> result, String object) {
        if (Boolean.TRUE.equals(result.get("success"))) {
            item.exported(object, result.get("id") != null ? (String) result.get("id") : item.sfId());
            return;
        }
        Map<String, Object> error = firstError(result);
        String code = String.valueOf(error.getOrDefault("statusCode", error.getOrDefault("errorCode", "UNKNOWN")));
        if ("DUPLICATES_DETECTED".equals(code)) {
            String match = duplicateMatch(error);
            item.duplicate(object, match, "Salesforce duplicate rule: " + error.get("message")
                    + (match == null ? "" : " (matches " + object + " " + match + ")"));
        } else if (TRANSIENT.contains(code)) {
            item.retryable(code, describe(error));
        } else {
            item.fail(code, describe(error));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstError(Map<String, Object> result) {
        List<Map<String, Object>> errors = (List<Map<String, Object>>) result.getOrDefault("errors", List.of());
        return errors.isEmpty() ? Map.of("statusCode", "UNKNOWN", "message", "Salesforce gave no reason") : errors.get(0);
    }

    @SuppressWarnings("unchecked")
    static String duplicateMatch(Map<String, Object> error) {
        // Salesforce's own spelling: duplicateResut
        Object detail = error.get("duplicateResut");
        if (!(detail instanceof Map<?, ?> duplicate)) {
            return null;
        }
        for (Object matchResult : (List<Object>) ((Map<String, Object>) duplicate).getOrDefault("matchResults", List.of())) {
            for (Object matchRecord : (List<Object>) ((Map<String, Object>) matchResult).getOrDefault("matchRecords", List.of())) {
                Object record = ((Map<String, Object>) matchRecord).get("record");
                if (record instanceof Map<?, ?> r && r.get("Id") != null) {
                    return r.get("Id").toString();
                }
            }
        }
        return null;
    }

    private static String describe(Map<String, Object> error) {
        Object fields = error.get("fields");
        String message = String.valueOf(error.get("message"));
        return fields instanceof List<?> list && !list.isEmpty() ? message + " " + list : message;
    }

    private java.util.stream.Stream<SyncItem> creates(SyncChunk chunk) {
        return chunk.open().filter(item -> item.action() == Action.CREATE && item.sameEmailAs() == null);
    }

    private java.util.stream.Stream<SyncItem> creates(SyncChunk chunk, boolean owned) {
        return creates(chunk).filter(item -> (item.ownerId() != null) == owned);
    }

    private java.util.stream.Stream<SyncItem> updates(SyncChunk chunk) {
        return chunk.open().filter(item -> item.action() == Action.UPDATE && item.sameEmailAs() == null);
    }

    private static Map<String, Object> typed(String type, Map<String, Object> fields) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("attributes", Map.of("type", type));
        record.putAll(fields);
        return record;
    }

    private String collection(List<Map<String, Object>> records) throws JsonProcessingException {
        return json.writeValueAsString(collectionBody(records));
    }

    /** An sObject Collections body: allOrNone false, so that each record gets its own result. */
    private static Map<String, Object> collectionBody(List<Map<String, Object>> records) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("allOrNone", false);
        body.put("records", new ArrayList<>(records));
        return body;
    }

    private static String errorCode(Map<String, Object> error) {
        return String.valueOf(error.getOrDefault("statusCode", error.getOrDefault("errorCode", "UNKNOWN")));
    }
}
