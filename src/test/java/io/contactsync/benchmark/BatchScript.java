package io.contactsync.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.contact.Contact;
import io.contactsync.salesforce.Soql;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pieces of the careful batch script (benchmark/batch-push.camel.yaml), as a developer would write
 * it by hand with camel-salesforce: the owners read once for all contacts, then per 200 contacts one
 * {@code Email IN} query for existing Leads and one sObject Collections create. Plain GET queries, so an
 * IN list is split only where the URI would pass Salesforce's 16,384 bytes.
 */
class BatchScript {

    static final int BATCH = 200;
    /** Room for the request line's path and the headers around the query. */
    private static final int MAX_QUERY_BYTES = 16_384 - 2_048;

    private final JdbcTemplate jdbc;
    private final NaiveBaseline.Records records;
    private final ObjectMapper json;

    BatchScript(JdbcTemplate jdbc, NaiveBaseline.Records records, ObjectMapper json) {
        this.jdbc = jdbc;
        this.records = records;
        this.json = json;
    }

    /** One run: the pending contacts, the owners found, and per batch the existing Leads' emails. */
    public static final class Run {
        final List<Contact> contacts;
        final Map<String, String> owners = new HashMap<>();

        Run(List<Contact> contacts) {
            this.contacts = contacts;
        }
    }

    public Run start() {
        return new Run(records.pending());
    }

    public List<String> ownerQueries(Run run) {
        List<String> emails = run.contacts.stream().map(Contact::metBy).filter(Objects::nonNull)
                .map(e -> e.toLowerCase(Locale.ROOT)).distinct().toList();
        return emails.isEmpty() ? List.of()
                : Soql.inQueries("SELECT Id, Email FROM User WHERE IsActive = true AND Email", emails, "", MAX_QUERY_BYTES);
    }

    public void owners(Run run, String rawPayload) throws JsonProcessingException {
        for (JsonNode user : json.readTree(rawPayload).path("records")) {
            run.owners.put(user.get("Email").asText().toLowerCase(Locale.ROOT), user.get("Id").asText());
        }
    }

    public List<List<Contact>> batches(Run run) {
        List<List<Contact>> batches = new ArrayList<>();
        for (int from = 0; from < run.contacts.size(); from += BATCH) {
            batches.add(run.contacts.subList(from, Math.min(run.contacts.size(), from + BATCH)));
        }
        return batches;
    }

    public List<String> duplicateQueries(List<Contact> batch) {
        return Soql.inQueries("SELECT Id, Email FROM Lead WHERE IsConverted = false AND Email",
                batch.stream().map(Contact::email).distinct().toList(), "", MAX_QUERY_BYTES);
    }

    /** The emails (lower case) and ids of the existing Leads in query answers. */
    public Map<String, String> existing(List<?> rawPayloads) throws JsonProcessingException {
        Map<String, String> byEmail = new HashMap<>();
        for (Object raw : rawPayloads) {
            for (JsonNode lead : json.readTree(raw.toString()).path("records")) {
                byEmail.put(lead.get("Email").asText().toLowerCase(Locale.ROOT), lead.get("Id").asText());
            }
        }
        return byEmail;
    }

    /** The contacts of the batch that are new, as one sObject Collections create body. */
    public String createBody(Run run, List<Contact> batch, Map<String, String> existing) throws JsonProcessingException {
        List<Map<String, Object>> leads = new ArrayList<>();
        for (Contact contact : fresh(batch, existing)) {
            Map<String, Object> lead = new LinkedHashMap<>();
            lead.put("attributes", Map.of("type", "Lead"));
            lead.putAll(json.readValue(records.lead(contact, contact.metBy() == null ? null
                    : run.owners.get(contact.metBy().toLowerCase(Locale.ROOT))), Map.class));
            leads.add(lead);
        }
        return json.writeValueAsString(Map.of("allOrNone", false, "records", leads));
    }

    public boolean hasFresh(List<Contact> batch, Map<String, String> existing) {
        return !fresh(batch, existing).isEmpty();
    }

    /** Records the batch's outcomes in one JDBC batch: duplicates, and the create results in order. */
    public void record(List<Contact> batch, Map<String, String> existing, String createAnswer) throws JsonProcessingException {
        List<Contact> fresh = fresh(batch, existing);
        JsonNode results = createAnswer == null ? json.createArrayNode() : json.readTree(createAnswer);
        List<Object[]> rows = new ArrayList<>();
        for (Contact contact : batch) {
            String duplicate = existing.get(contact.email().toLowerCase(Locale.ROOT));
            if (duplicate != null) {
                rows.add(new Object[] {"DUPLICATE", duplicate, "DUPLICATE", contact.id()});
            }
        }
        for (int i = 0; i < fresh.size(); i++) {
            JsonNode result = results.get(i);
            boolean ok = result != null && result.path("success").asBoolean();
            String status = ok ? "EXPORTED" : "FAILED";
            rows.add(new Object[] {status, ok ? result.get("id").asText() : null, status, fresh.get(i).id()});
        }
        jdbc.batchUpdate("update export_state set status = ?, sf_object = 'Lead', sf_id = ?, updated_at = now(),"
                + " exported_at = case when ? = 'EXPORTED' then now() else exported_at end where contact_id = ?", rows);
    }

    private static List<Contact> fresh(List<Contact> batch, Map<String, String> existing) {
        Set<String> seen = new HashSet<>();
        return batch.stream().filter(c -> !existing.containsKey(c.email().toLowerCase(Locale.ROOT))
                && seen.add(c.email().toLowerCase(Locale.ROOT))).toList();
    }
}
