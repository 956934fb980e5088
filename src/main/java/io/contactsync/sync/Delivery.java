package io.contactsync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.sync.SyncChunk.Target;
import io.contactsync.sync.SyncItem.Action;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Builds the sObject Collections requests for a chunk and maps the per-record results back to its
 * contacts. Results come in the order of the records sent, so the order of the open items is the key.
 */
@Component("delivery")
public class Delivery {

    /** Errors that say "try again", per record or for the whole call. */
    static final Set<String> TRANSIENT = Set.of("UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE", "REQUEST_RUNNING_TOO_LONG",
            "QUERY_TIMEOUT", "SERVICE_UNAVAILABLE");
    private static final TypeReference<List<Map<String, Object>>> RESULTS = new TypeReference<>() { };

    private final ObjectMapper json;
    private final RecordMapper mapper;
    private final boolean createAccounts;

    public Delivery(ObjectMapper json, RecordMapper mapper, ContactSyncProperties properties) {
        this.json = json;
        this.mapper = mapper;
        this.createAccounts = properties.sync().createAccounts();
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

    /** The one new Account per missing name, as sent to Salesforce. */
    public String accountCreateBody(SyncChunk chunk) throws JsonProcessingException {
        return collection(accountsToCreate(chunk).values().stream().map(item -> typed("Account", item.account())).toList());
    }

    public boolean needsNewAccounts(SyncChunk chunk) {
        return !accountsToCreate(chunk).isEmpty();
    }

    public SyncChunk applyAccountResults(SyncChunk chunk, String response) throws JsonProcessingException {
        Map<String, SyncItem> firstByName = accountsToCreate(chunk);
        List<Map<String, Object>> results = json.readValue(response, RESULTS);
        List<String> names = List.copyOf(firstByName.keySet());
        Map<String, String> created = new HashMap<>();
        Map<String, String> failed = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Map<String, Object> result = results.get(i);
            if (Boolean.TRUE.equals(result.get("success"))) {
                created.put(names.get(i), (String) result.get("id"));
            } else {
                failed.put(names.get(i), describe(firstError(result)));
            }
        }
        creates(chunk).filter(item -> !item.record().containsKey("AccountId")).forEach(item -> {
            String key = accountName(item).toLowerCase(Locale.ROOT);
            if (created.containsKey(key)) {
                item.record().put("AccountId", created.get(key));
            } else {
                item.fail("ACCOUNT_NOT_CREATED", "the Account '" + accountName(item) + "' could not be created: "
                        + failed.getOrDefault(key, "no result"));
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

    // ---- creates (or upserts on the external id)

    /**
     * Whether the chunk has new records whose owner the service set ({@code owned}), or new records
     * it left to Salesforce (owner fallback none). The two go in separate calls: only the first
     * asks Salesforce to keep the owner ({@code Sforce-Auto-Assign: FALSE}); for the others its
     * assignment rules decide.
     */
    public boolean hasCreates(SyncChunk chunk, boolean owned) {
        return creates(chunk, owned).findAny().isPresent();
    }

    /** Path under /services/data/vNN.N: upsert on the external id when there is one, else create. */
    public String createPath(SyncChunk chunk) {
        String field = mapper.externalIdField();
        return field == null ? "/composite/sobjects" : "/composite/sobjects/" + chunk.target().sObject() + "/" + field;
    }

    public String createMethod() {
        return mapper.externalIdField() == null ? "POST" : "PATCH";
    }

    public String createBody(SyncChunk chunk, boolean owned) throws JsonProcessingException {
        String type = chunk.target().sObject();
        return collection(creates(chunk, owned).map(item -> typed(type, item.record())).toList());
    }

    public SyncChunk applyCreateResults(SyncChunk chunk, boolean owned, String response) throws JsonProcessingException {
        List<SyncItem> sent = creates(chunk, owned).toList();
        apply(sent, json.readValue(response, RESULTS), chunk.target().sObject());
        return chunk;
    }

    // ---- updates of existing records (duplicate policy "update")

    public boolean hasUpdates(SyncChunk chunk) {
        return updates(chunk).findAny().isPresent();
    }

    public String updateBody(SyncChunk chunk) throws JsonProcessingException {
        return collection(updates(chunk).map(item -> {
            Map<String, Object> record = typed(item.sfObject(), item.record());
            record.put("Id", item.sfId());
            return record;
        }).toList());
    }

    public SyncChunk applyUpdateResults(SyncChunk chunk, String response) throws JsonProcessingException {
        List<SyncItem> sent = updates(chunk).toList();
        List<Map<String, Object>> results = json.readValue(response, RESULTS);
        for (int i = 0; i < sent.size(); i++) {
            apply(sent.get(i), results.get(i), sent.get(i).sfObject());
        }
        return chunk;
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

    private void apply(List<SyncItem> sent, List<Map<String, Object>> results, String object) {
        if (results.size() != sent.size()) {
            throw new IllegalStateException("Salesforce answered " + results.size() + " results for " + sent.size() + " records");
        }
        for (int i = 0; i < sent.size(); i++) {
            apply(sent.get(i), results.get(i), object);
        }
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("allOrNone", false);
        body.put("records", new ArrayList<>(records));
        return json.writeValueAsString(body);
    }
}
