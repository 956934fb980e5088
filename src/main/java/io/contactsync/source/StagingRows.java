package io.contactsync.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.contact.ContactBatch;
import io.contactsync.contact.IngestReport;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A row of the staging table (routes/sources/sql-staging.camel.yaml) as a contact: its columns matched to
 * contact fields by the CSV column names (csv-columns.yaml), its key column as the source key, so that a row
 * delivered again is stored once.
 */
@Component("stagingRows")
public class StagingRows {

    public static final String SOURCE = "sql";

    private final CsvContacts columns;
    private final ObjectMapper json;
    private final String table;
    private final String keyColumn;

    public StagingRows(CsvContacts columns, ObjectMapper json,
            @Value("${contactsync.sources.sql.table:contact_staging}") String table,
            @Value("${contactsync.sources.sql.key-column:id}") String keyColumn) {
        this.columns = columns;
        this.json = json;
        this.table = table;
        this.keyColumn = keyColumn;
    }

    /** One row as a batch of one contact of source {@code sql}, keyed {@code table:key}. */
    public ContactBatch batch(Map<String, Object> row) {
        Object key = row.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(keyColumn))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (key == null) {
            throw new IllegalArgumentException("the staging row has no value in its key column " + keyColumn
                    + " (contactsync.sources.sql.key-column)");
        }
        ObjectNode contact = json.createObjectNode();
        for (Map.Entry<String, Object> column : row.entrySet()) {
            String field = columns.field(column.getKey());
            Object value = column.getValue();
            if (field == null || value == null || contact.has(field)) {
                continue;
            }
            if (field.equals("leadScore") && value instanceof Number number) {
                contact.put(field, number.intValue());
            } else if (!String.valueOf(value).isBlank()) {
                // dates as yyyy-mm-dd (java.sql.Date, LocalDate), everything else as its text
                contact.put(field, String.valueOf(value).strip());
            }
        }
        return new ContactBatch(SOURCE, false, List.of(new ContactBatch.Item(table + ":" + key, "", contact)));
    }

    /** What becomes of the row, for its status column: STORED, DUPLICATE or REFUSED and why (at most 1,000 characters). */
    public String status(IngestReport report) {
        IngestReport.Outcome outcome = report.contacts().get(0);
        String status = outcome.status() == IngestReport.Status.REFUSED
                ? "REFUSED: " + outcome.reason() : outcome.status().name();
        return status.length() > 1000 ? status.substring(0, 1000) : status;
    }
}
