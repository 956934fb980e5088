package io.contactsync.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.contact.ContactBatch;
import io.contactsync.contact.IngestReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads a CSV file with a header row into contacts for {@code direct:contacts-ingest}, and writes the
 * refused rows back out with their reasons. Columns are matched to contact fields by the names in
 * {@code contactsync.sources.file.columns}; the separator (';', ',' or tab) is the one the header uses most.
 * Each row's key is the file name and a hash of the row: the same row dropped again is stored once.
 */
@Component("csvContacts")
public class CsvContacts {

    public static final String SOURCE = "file-drop";
    private static final char BOM = '\uFEFF';

    private final CamelContext camel;
    private final ObjectMapper json;
    private final String columnsLocation;
    private volatile Map<String, String> columns;

    public CsvContacts(CamelContext camel, ObjectMapper json,
            @Value("${contactsync.sources.file.columns:classpath:routes/sources/csv-columns.yaml}") String columnsLocation) {
        this.camel = camel;
        this.json = json;
        this.columnsLocation = columnsLocation;
    }

    /** The rows of the file as contacts, each keyed by file name and row hash; refused rows do not stop the others. */
    public ContactBatch batch(String text, String fileName) {
        return batch(text, fileName, SOURCE);
    }

    /** As {@link #batch(String, String)}, for another source (an uploaded file: {@code import}). */
    public ContactBatch batch(String text, String fileName, String source) {
        Parsed csv = parse(text);
        Map<String, String> names = columns();
        String[] fields = new String[csv.header().size()];
        boolean known = false;
        for (int i = 0; i < fields.length; i++) {
            fields[i] = names.get(normalise(csv.header().get(i)));
            known |= fields[i] != null;
        }
        if (!known) {
            throw new IllegalArgumentException(fileName + ": no column of the header " + csv.header()
                    + " names a contact field (" + columnsLocation + ")");
        }
        List<ContactBatch.Item> items = new ArrayList<>(csv.rows().size());
        for (CSVRecord row : csv.rows()) {
            ObjectNode contact = json.createObjectNode();
            for (int i = 0; i < fields.length && i < row.size(); i++) {
                String value = row.get(i).strip();
                if (fields[i] != null && !value.isEmpty() && !contact.has(fields[i])) {
                    if (fields[i].equals("leadScore") && value.matches("-?\\d{1,9}")) {
                        contact.put(fields[i], Integer.parseInt(value));
                    } else {
                        contact.put(fields[i], value);
                    }
                }
            }
            items.add(new ContactBatch.Item(fileName + ":" + hash(row), "", contact));
        }
        return new ContactBatch(source, false, items);
    }

    /**
     * The refused rows of the file as CSV with the file's separator: the row number (1 is the first row
     * after the header), the reason, then the row as it was.
     */
    public String rejected(String text, IngestReport report) {
        Parsed csv = parse(text);
        if (csv.rows().size() != report.contacts().size()) {
            throw new IllegalStateException("the report holds " + report.contacts().size() + " rows, the file "
                    + csv.rows().size());
        }
        List<String> header = new ArrayList<>(List.of("row", "reason"));
        header.addAll(csv.header());
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setDelimiter(csv.delimiter()).setRecordSeparator("\r\n").get())) {
            printer.printRecord(header);
            for (int i = 0; i < csv.rows().size(); i++) {
                IngestReport.Outcome outcome = report.contacts().get(i);
                if (outcome.status() == IngestReport.Status.REFUSED) {
                    List<String> line = new ArrayList<>();
                    line.add(String.valueOf(i + 1));
                    line.add(outcome.reason());
                    line.addAll(csv.rows().get(i).toList());
                    printer.printRecord(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private record Parsed(char delimiter, List<String> header, List<CSVRecord> rows) { }

    private static Parsed parse(String text) {
        if (text.indexOf('\uFFFD') >= 0) {
            throw new IllegalArgumentException("the file is not UTF-8 (save it as \"CSV UTF-8\")");
        }
        String body = !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
        int end = body.indexOf('\n');
        String first = end < 0 ? body : body.substring(0, end);
        // Excel writes ';' where ',' is the decimal mark, and tabs in its UTF-16 "Unicode Text"
        char delimiter = count(first, '\t') > Math.max(count(first, ';'), count(first, ',')) ? '\t'
                : count(first, ';') > count(first, ',') ? ';' : ',';
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL).get();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(body)).setFormat(format).get()) {
            return new Parsed(delimiter, parser.getHeaderNames(), parser.getRecords());
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("the file is not readable as CSV: " + e.getMessage(), e);
        }
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    private static String hash(CSVRecord row) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String value : row) {
                sha.update(value.strip().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0x1f);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The contact field a column of this name fills (csv-columns.yaml), or null. */
    public String field(String columnName) {
        return columnName == null ? null : columns().get(normalise(columnName));
    }

    static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[\\s\\-_./\\uFEFF]", "");
    }

    private Map<String, String> columns() {
        Map<String, String> known = columns;
        if (known == null) {
            known = new LinkedHashMap<>();
            try (InputStream in = PluginHelper.getResourceLoader(camel).resolveResource(columnsLocation).getInputStream()) {
                Map<String, List<String>> table = new Yaml().load(in);
                for (Map.Entry<String, List<String>> field : table.entrySet()) {
                    for (String name : field.getValue()) {
                        known.putIfAbsent(normalise(name), field.getKey());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the CSV column names " + columnsLocation, e);
            }
            columns = known;
        }
        return known;
    }
}
