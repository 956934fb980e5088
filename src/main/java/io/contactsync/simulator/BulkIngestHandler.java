package io.contactsync.simulator;

import io.contactsync.simulator.Dispatch.Call;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * Bulk API 2.0 ingest, {@code /jobs/ingest}: create a job (object, operation insert, upsert, update or
 * delete, externalIdFieldName, CSV with its delimiter and line ending), upload CSV with
 * {@code PUT …/batches} (201), close it with {@code PATCH {"state":"UploadComplete"}}, then read the
 * job info and the {@code successfulResults}, {@code failedResults} and {@code unprocessedrecords} CSVs.
 * The simulator processes the rows when the upload completes, before it answers, through the org's
 * rules, 200 rows to a save; {@code #N/A} writes a null. Jobs live in memory only.
 */
final class BulkIngestHandler {

    private static final Map<String, Character> DELIMITERS = Map.of("COMMA", ',', "SEMICOLON", ';', "TAB", '\t',
            "PIPE", '|', "CARET", '^', "BACKQUOTE", '`');
    private static final Set<String> OPERATIONS = Set.of("insert", "upsert", "update", "delete");
    private static final int SAVE = 200;

    private final OrgSchema schema;
    private final RecordWriter writer;
    private final Map<String, BulkJob> jobs = new ConcurrentHashMap<>();
    private final AtomicLong number = new AtomicLong(1);

    BulkIngestHandler(OrgSchema schema, RecordWriter writer) {
        this.schema = schema;
        this.writer = writer;
    }

    static String delimiterName(char delimiter) {
        return DELIMITERS.entrySet().stream().filter(e -> e.getValue() == delimiter).map(Map.Entry::getKey).findFirst()
                .orElse("COMMA");
    }

    SimResponse create(Call call) {
        Map<String, Object> body = Json.object(call.request());
        String operation = String.valueOf(body.getOrDefault("operation", "")).toLowerCase(Locale.ROOT);
        if (!OPERATIONS.contains(operation)) {
            throw new SalesforceError(400, "INVALIDJOB", "InvalidJob : Invalid operation: " + body.get("operation"), null);
        }
        SObjectType type = schema.type(String.valueOf(body.get("object")));
        if (type == null || !type.createable()) {
            throw new SalesforceError(400, "INVALIDENTITY", "Entity '" + body.get("object") + "' is not supported by the Bulk API.",
                    null);
        }
        String external = body.get("externalIdFieldName") == null ? null : body.get("externalIdFieldName").toString();
        if ("upsert".equals(operation) && (external == null || type.field(external) == null || !type.field(external).idLookup())) {
            throw new SalesforceError(400, "INVALIDJOB", "InvalidJob : External ID was blank or not an idLookup field of "
                    + type.name() + ": " + external, null);
        }
        if (body.get("contentType") != null && !"CSV".equals(body.get("contentType"))) {
            throw new SalesforceError(400, "INVALIDJOB", "InvalidJob : contentType must be CSV", null);
        }
        Character delimiter = DELIMITERS.get(String.valueOf(body.getOrDefault("columnDelimiter", "COMMA")));
        String lineEnding = String.valueOf(body.getOrDefault("lineEnding", "LF"));
        if (delimiter == null || !Set.of("LF", "CRLF").contains(lineEnding)) {
            throw new SalesforceError(400, "INVALIDJOB", "InvalidJob : unknown columnDelimiter or lineEnding", null);
        }
        BulkJob job = new BulkJob(SalesforceIds.id("750", number.getAndIncrement()), type, operation,
                external == null ? null : type.field(external).name(), delimiter, lineEnding, call.session().userId(),
                call.request().version());
        jobs.put(job.id, job);
        return SimResponse.json(200, job.info(false));
    }

    SimResponse list(Call call) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("done", true);
        list.put("records", jobs.values().stream().map(j -> j.info(false)).toList());
        list.put("nextRecordsUrl", null);
        return SimResponse.json(200, list);
    }

    SimResponse get(Call call) {
        return SimResponse.json(200, job(call).info(true));
    }

    SimResponse upload(Call call) {
        BulkJob job = job(call);
        synchronized (job) {
            if (!"Open".equals(job.state)) {
                throw new SalesforceError(409, "INVALIDJOBSTATE", "Job state " + job.state + " does not allow uploads", null);
            }
            if (job.csv.size() + call.request().body().length > 150L * 1024 * 1024) {
                throw new SalesforceError(400, "INVALIDBATCH", "InvalidBatch : upload over 150 MB", null);
            }
            job.csv.writeBytes(call.request().body());
        }
        return new SimResponse(201, null, Map.of(), 0);
    }

    SimResponse changeState(Call call) {
        BulkJob job = job(call);
        String state = String.valueOf(Json.object(call.request()).get("state"));
        synchronized (job) {
            if ("UploadComplete".equals(state) && "Open".equals(job.state)) {
                job.state = "UploadComplete";
                Map<String, Object> answer = job.info(false);
                process(job, WriteContext.of(call.request(), call.session().userId()));
                return SimResponse.json(200, answer).withRecords(job.results.size());
            }
            if ("Aborted".equals(state) && ("Open".equals(job.state) || "UploadComplete".equals(job.state))) {
                job.state = "Aborted";
                job.systemModstamp = OrgStore.now();
                return SimResponse.json(200, job.info(false));
            }
        }
        throw new SalesforceError(400, "INVALIDJOBSTATE", "Job state " + job.state + " cannot change to " + state, null);
    }

    SimResponse delete(Call call) {
        BulkJob job = job(call);
        if ("Open".equals(job.state) || "UploadComplete".equals(job.state)) {
            throw new SalesforceError(400, "INVALIDJOBSTATE", "Abort the job before deleting it", null);
        }
        jobs.remove(job.id);
        return SimResponse.noContent(0);
    }

    SimResponse successfulResults(Call call) {
        BulkJob job = job(call);
        return csv(job, List.of("sf__Id", "sf__Created"), job.results.stream().filter(r -> r.error() == null)
                .map(r -> prefixed(r, r.id(), String.valueOf(r.created()))).toList());
    }

    SimResponse failedResults(Call call) {
        BulkJob job = job(call);
        return csv(job, List.of("sf__Id", "sf__Error"), job.results.stream().filter(r -> r.error() != null)
                .map(r -> prefixed(r, r.id() == null ? "" : r.id(), r.error())).toList());
    }

    SimResponse unprocessedRecords(Call call) {
        BulkJob job = job(call);
        List<List<String>> rows = new ArrayList<>();
        if (!"JobComplete".equals(job.state) && !"Failed".equals(job.state)) {
            rows.addAll(parse(job).stream().map(BulkIngestHandler::values).toList());
        }
        return csv(job, List.of(), rows);
    }

    // ---- processing

    private void process(BulkJob job, WriteContext request) {
        long started = System.currentTimeMillis();
        List<CSVRecord> rows;
        try {
            rows = parse(job);
            job.header = rows.isEmpty() ? header(job) : rows.get(0).getParser().getHeaderNames();
            for (String column : job.header) {
                if (job.type.field(column) == null) {
                    throw new IllegalArgumentException("InvalidBatch : Field name not found : " + column);
                }
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            job.state = "Failed";
            job.errorMessage = e.getMessage();
            job.systemModstamp = OrgStore.now();
            return;
        }
        WriteContext ctx = null;
        for (int i = 0; i < rows.size(); i++) {
            if (i % SAVE == 0) {
                ctx = new WriteContext(request.userId(), request.apiVersion(), request.autoAssign(), request.allowDuplicateSave(),
                        new HashSet<>());
            }
            job.results.add(processRow(job, rows.get(i), ctx));
        }
        job.processingMillis = System.currentTimeMillis() - started;
        job.state = "JobComplete";
        job.systemModstamp = OrgStore.now();
    }

    private BulkJob.Result processRow(BulkJob job, CSVRecord row, WriteContext ctx) {
        List<String> values = values(row);
        String id = null;
        try {
            Map<String, Object> json = new LinkedHashMap<>();
            for (int c = 0; c < job.header.size() && c < values.size(); c++) {
                String value = values.get(c);
                if ("#N/A".equals(value)) {
                    json.put(job.header.get(c), null);
                } else if (!value.isEmpty()) {
                    json.put(job.header.get(c), value);
                }
            }
            Map<String, Object> fields = FieldRules.parse(job.type, json);
            Object given = fields.remove("Id");
            id = given == null ? null : given.toString();
            String rowId = id;
            RecordWriter.Upserted saved = writer.store().atomically(() -> switch (job.operation) {
                case "insert" -> new RecordWriter.Upserted(writer.insert(job.type, fields, ctx), true);
                case "update" -> {
                    writer.update(job.type, required(rowId), fields, ctx);
                    yield new RecordWriter.Upserted(SalesforceIds.require(rowId, job.type), false);
                }
                case "delete" -> {
                    writer.delete(job.type, required(rowId), ctx);
                    yield new RecordWriter.Upserted(SalesforceIds.require(rowId, job.type), false);
                }
                default -> {
                    Object key = fields.get(job.externalIdFieldName);
                    if (key == null) {
                        throw new SalesforceError(400, "MISSING_ARGUMENT", job.externalIdFieldName + " not specified", List.of());
                    }
                    yield writer.upsert(job.type, job.externalIdFieldName, key.toString(), fields, ctx);
                }
            });
            return new BulkJob.Result(saved.id(), saved.created(), null, values);
        } catch (SalesforceError e) {
            String fields = e.asError().get("fields") instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf)
                    .toList()) : "";
            return new BulkJob.Result(id, false, e.errorCode() + ":" + e.getMessage() + ":" + fields + " --", values);
        }
    }

    private static String required(String id) {
        if (id == null) {
            throw new SalesforceError(400, "MISSING_ARGUMENT", "Id not specified in an update call", List.of());
        }
        return id;
    }

    // ---- CSV

    private static List<CSVRecord> parse(BulkJob job) {
        String text = job.csv.toString(StandardCharsets.UTF_8);
        try {
            return CSVFormat.DEFAULT.builder().setDelimiter(job.delimiter).setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(text)).getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> header(BulkJob job) {
        String text = job.csv.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
        return text.isBlank() ? List.of() : List.of(text.split(java.util.regex.Pattern.quote(String.valueOf(job.delimiter))));
    }

    private static List<String> values(CSVRecord row) {
        List<String> values = new ArrayList<>();
        row.forEach(values::add);
        return values;
    }

    private static List<String> prefixed(BulkJob.Result result, String first, String second) {
        List<String> row = new ArrayList<>(List.of(first, second));
        row.addAll(result.row());
        return row;
    }

    /** A results CSV as Salesforce writes it: the sf__ columns quoted in the header, every value quoted in the rows. */
    private static SimResponse csv(BulkJob job, List<String> prefix, List<List<String>> rows) {
        StringWriter out = new StringWriter();
        String separator = "CRLF".equals(job.lineEnding) ? "\r\n" : "\n";
        List<String> header = new ArrayList<>(prefix.stream().map(name -> "\"" + name + "\"").toList());
        header.addAll(job.header.isEmpty() ? header(job) : job.header);
        out.append(String.join(String.valueOf(job.delimiter), header)).append(separator);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(job.delimiter).setQuoteMode(QuoteMode.ALL)
                .setRecordSeparator(separator).get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SimResponse(200, out.toString(), Map.of("Content-Type", "text/csv"), rows.size());
    }

    private BulkJob job(Call call) {
        BulkJob job = jobs.get(SalesforceIds.normalize(call.param(0)) == null ? call.param(0) : SalesforceIds.normalize(call.param(0)));
        if (job == null) {
            throw new SalesforceError(404, "NOT_FOUND", "The requested resource does not exist", null);
        }
        return job;
    }
}
