package io.contactsync.simulator;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One Bulk API 2.0 ingest job: what it loads, its state, the CSV uploaded and the results of processing it. */
final class BulkJob {

    /** One processed row: its id (or null), whether it was created, its error (or null) and the row as uploaded. */
    record Result(String id, boolean created, String error, List<String> row) { }

    final String id;
    final SObjectType type;
    final String operation;
    final String externalIdFieldName;
    final char delimiter;
    final String lineEnding;
    final String createdById;
    final String createdDate;
    final String apiVersion;
    final ByteArrayOutputStream csv = new ByteArrayOutputStream();
    final List<Result> results = new ArrayList<>();
    List<String> header = List.of();
    String state = "Open";
    String errorMessage;
    String systemModstamp;
    long processingMillis;

    BulkJob(String id, SObjectType type, String operation, String externalIdFieldName, char delimiter, String lineEnding,
            String createdById, String apiVersion) {
        this.id = id;
        this.type = type;
        this.operation = operation;
        this.externalIdFieldName = externalIdFieldName;
        this.delimiter = delimiter;
        this.lineEnding = lineEnding;
        this.createdById = createdById;
        this.createdDate = OrgStore.now();
        this.systemModstamp = createdDate;
        this.apiVersion = apiVersion;
    }

    long failed() {
        return results.stream().filter(r -> r.error() != null).count();
    }

    /** The job info of create, close and get, as Bulk API 2.0 answers it. */
    Map<String, Object> info(boolean full) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", id);
        info.put("operation", operation);
        info.put("object", type.name());
        info.put("createdById", createdById);
        info.put("createdDate", createdDate);
        info.put("systemModstamp", systemModstamp);
        info.put("state", state);
        if (externalIdFieldName != null) {
            info.put("externalIdFieldName", externalIdFieldName);
        }
        info.put("concurrencyMode", "Parallel");
        info.put("contentType", "CSV");
        info.put("apiVersion", Double.valueOf(apiVersion));
        info.put("contentUrl", "services/data/v" + apiVersion + "/jobs/ingest/" + id + "/batches");
        info.put("lineEnding", lineEnding);
        info.put("columnDelimiter", BulkIngestHandler.delimiterName(delimiter));
        if (full) {
            info.put("jobType", "V2Ingest");
            info.put("numberRecordsProcessed", results.size());
            info.put("numberRecordsFailed", failed());
            info.put("retries", 0);
            info.put("totalProcessingTime", processingMillis);
            info.put("apiActiveProcessingTime", processingMillis);
            info.put("apexProcessingTime", 0);
            if (errorMessage != null) {
                info.put("errorMessage", errorMessage);
            }
        }
        return info;
    }
}
