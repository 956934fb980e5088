package io.contactsync.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Builds the pipeline's SOQL and reads query result pages. The lookups go out as Composite query
 * subrequests, whose SOQL travels in the request body: IN lists are split only where a statement would
 * pass Salesforce's 100,000 characters ({@link Soql#MAX_STATEMENT}), not at the URI limit of a plain GET.
 */
@Component("salesforceQueries")
public class SalesforceQueries {

    /** Room kept for the request line's path and the headers (Authorization, Host, …) around the query. */
    static final int REQUEST_OVERHEAD_BYTES = 2048;
    private static final java.util.regex.Pattern FIELD_NAME = java.util.regex.Pattern.compile("^[A-Za-z][A-Za-z0-9_]*$");
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

    private final ObjectMapper json;
    private final int maxQueryBytes;

    public SalesforceQueries(ObjectMapper json,
                             @Value("${contactsync.salesforce.max-request-bytes:16384}") int maxRequestBytes) {
        this.json = json;
        this.maxQueryBytes = maxRequestBytes - REQUEST_OVERHEAD_BYTES;
    }

    public List<String> activeUsersByEmail(Collection<String> emails) {
        return Soql.inStatements("SELECT Id, Email FROM User WHERE IsActive = true AND Email", emails, "", Soql.MAX_STATEMENT);
    }

    /** {@code fields}: API names from the mapping templates, never from a request. */
    public List<String> openLeadsByEmail(Collection<String> emails, List<String> fields) {
        return Soql.inStatements("SELECT " + fieldList(fields) + " FROM Lead WHERE IsConverted = false AND Email", emails, "",
                Soql.MAX_STATEMENT);
    }

    public List<String> contactsByEmail(Collection<String> emails, List<String> fields) {
        return Soql.inStatements("SELECT " + fieldList(fields) + " FROM Contact WHERE Email", emails, "", Soql.MAX_STATEMENT);
    }

    private static String fieldList(List<String> fields) {
        for (String field : fields) {
            if (!FIELD_NAME.matcher(field).matches()) {
                throw new IllegalArgumentException("not a Salesforce field name: '" + field + "'");
            }
        }
        return String.join(", ", fields);
    }

    public List<String> accountsByName(Collection<String> names) {
        return Soql.inStatements("SELECT Id, Name FROM Account WHERE Name", names, "", Soql.MAX_STATEMENT);
    }

    /**
     * Adds the records of one query answer page to the exchange's {@code queryRecords} list and
     * answers the URL of the next page, or null on the last.
     */
    @SuppressWarnings("unchecked")
    public String collect(String rawPayload, Exchange exchange) throws JsonProcessingException {
        Map<String, Object> answer = json.readValue(rawPayload, JSON_OBJECT);
        List<Map<String, Object>> all = exchange.getProperty("queryRecords", List.class);
        if (all == null) {
            all = new ArrayList<>();
            exchange.setProperty("queryRecords", all);
        }
        all.addAll((List<Map<String, Object>>) answer.getOrDefault("records", List.of()));
        Object next = answer.get("nextRecordsUrl");
        return next == null ? null : next.toString();
    }

    /** Joins the records of several pages or several split queries into one list. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> flatten(List<?> parts) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                all.addAll(flatten(list));
            } else if (part instanceof Map<?, ?> record) {
                all.add((Map<String, Object>) record);
            }
        }
        return all;
    }
}
