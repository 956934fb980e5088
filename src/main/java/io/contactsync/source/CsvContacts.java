package io.contactsync.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.contact.ContactBatch;
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
import java.util.Iterator;
import java.util.NoSuchElementException;
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
        List<ContactBatch.Item> items = new ArrayList<>();
        batches(text, fileName, source, Integer.MAX_VALUE).forEachRemaining(batch -> items.addAll(batch.items()));
        return new ContactBatch(source, false, items);
    }

    /**
     * The rows in batches of at most {@code size}, each parsed when the drop folder's split asks for it: a file
     * of any length is held once as text, never as all its contacts at once. The header is checked at once.
     */
    public Iterator<ContactBatch> batches(String text, String fileName, String source, int size) {
        CSVParser parser = open(text);
        Map<String, String> names = columns();
        List<String> header = parser.getHeaderNames();
        String[] fields = new String[header.size()];
        boolean known = false;
        for (int i = 0; i < fields.length; i++) {
            fields[i] = names.get(normalise(header.get(i)));
            known |= fields[i] != null;
        }
        if (!known) {
            throw new IllegalArgumentException(fileName + ": no column of the header " + header
                    + " names a contact field (" + columnsLocation + ")");
        }
        Iterator<CSVRecord> rows = parser.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return more(rows);
            }

            @Override
            public ContactBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<ContactBatch.Item> items = new ArrayList<>(Math.min(size, 4096));
                while (items.size() < size && more(rows)) {
                    CSVRecord row = rows.next();
                    items.add(new ContactBatch.Item(fileName + ":" + hash(row), "", contact(row, fields)));
                }
                return new ContactBatch(source, false, items);
            }
        };
    }

    private static boolean more(Iterator<CSVRecord> rows) {
        try {
            return rows.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException("the file is not readable as CSV: " + e.getMessage(), e);
        }
    }

    private ObjectNode contact(CSVRecord row, String[] fields) {
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
        return contact;
    }

    /**
     * The refused rows of the file as CSV with the file's separator: the row number (1 is the first row
     * after the header), the reason, then the row as it was.
     */
    public String rejected(String text, FileTally tally) {
        CSVParser parser = open(text);
        List<String> header = new ArrayList<>(List.of("row", "reason"));
        header.addAll(parser.getHeaderNames());
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter(text)).setRecordSeparator("\r\n").get())) {
            printer.printRecord(header);
            int number = 0;
            for (CSVRecord row : parser) {
                String reason = tally.getRefusals().get(++number);
                if (reason != null) {
                    List<String> line = new ArrayList<>();
                    line.add(String.valueOf(number));
                    line.add(reason);
                    line.addAll(row.toList());
                    printer.printRecord(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static CSVParser open(String text) {
        if (text.indexOf('\uFFFD') >= 0) {
            throw new IllegalArgumentException("the file is not UTF-8 (save it as \"CSV UTF-8\")");
        }
        String body = !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter(body)).setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL).get();
        try {
            return CSVParser.builder().setReader(new StringReader(body)).setFormat(format).get();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("the file is not readable as CSV: " + e.getMessage(), e);
        }
    }

    /** The separator the header uses most: Excel writes ';' where ',' is the decimal mark, tabs in "Unicode Text". */
    private static char delimiter(String text) {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        return count(first, '\t') > Math.max(count(first, ';'), count(first, ',')) ? '\t'
                : count(first, ';') > count(first, ',') ? ';' : ',';
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
