package io.contactsync.simulator;

import io.contactsync.simulator.Dispatch.Call;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data replication by SystemModstamp: {@code /sobjects/{type}/updated/?start=&end=} answers the ids
 * of the live records added or changed in the window (30 days back at most, 600,000 ids at most),
 * {@code /deleted/} the records deleted in it (15 days back) with their deletion time. The seconds of
 * start and end are ignored; {@code latestDateCovered} is the end, or now when the end is later.
 */
final class ReplicationHandler {

    static final int ID_LIMIT = 600_000;

    private final OrgSchema schema;
    private final OrgStore store;

    ReplicationHandler(OrgSchema schema, OrgStore store) {
        this.schema = schema;
        this.store = store;
    }

    private record Window(OffsetDateTime start, OffsetDateTime end, OffsetDateTime latestCovered) {
        boolean contains(Object stamp) {
            if (stamp == null) {
                return false;
            }
            OffsetDateTime at = OrgStore.parseDateTime(stamp.toString());
            return !at.isBefore(start) && at.isBefore(end);
        }
    }

    SimResponse updated(Call call) {
        SObjectType type = Bodies.type(schema, call.param(0));
        Window window = window(call.request(), Duration.ofDays(30));
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> record : store.all(type.name())) {
            if (window.contains(record.get("SystemModstamp"))) {
                ids.add((String) record.get("Id"));
            }
        }
        if (ids.size() > ID_LIMIT) {
            throw new SalesforceError(400, "EXCEEDED_ID_LIMIT", "Too many ids: more than " + ID_LIMIT
                    + " records were updated in the window; choose start and end dates closer together", null);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ids", ids);
        body.put("latestDateCovered", format(window.latestCovered()));
        return SimResponse.json(200, body);
    }

    SimResponse deleted(Call call) {
        SObjectType type = Bodies.type(schema, call.param(0));
        Duration kept = Duration.ofDays(15);
        Window window = window(call.request(), kept);
        List<Map<String, Object>> deleted = new ArrayList<>();
        for (Map<String, Object> record : store.deleted(type.name())) {
            if (window.contains(record.get("SystemModstamp"))) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", record.get("Id"));
                entry.put("deletedDate", record.get("SystemModstamp"));
                deleted.add(entry);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deletedRecords", deleted);
        body.put("earliestDateAvailable", format(minute(OffsetDateTime.now(ZoneOffset.UTC).minus(kept))));
        body.put("latestDateCovered", format(window.latestCovered()));
        return SimResponse.json(200, body);
    }

    private static Window window(SimRequest request, Duration back) {
        OffsetDateTime start = minute(parse(request, "start"));
        OffsetDateTime end = minute(parse(request, "end"));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (!start.isBefore(end)) {
            throw invalidDate("startDate must chronologically precede endDate by more than one minute");
        }
        if (start.isBefore(now.minus(back).truncatedTo(ChronoUnit.DAYS))) {
            throw invalidDate("startDate cannot be more than " + back.toDays() + " days ago");
        }
        OffsetDateTime latest = end.isAfter(now) ? minute(now) : end;
        return new Window(start, end, latest);
    }

    private static OffsetDateTime parse(SimRequest request, String name) {
        String text = request.query().get(name);
        if (text == null || text.isBlank()) {
            throw new SalesforceError(400, "MISSING_ARGUMENT", "Missing required parameter: " + name, null);
        }
        try {
            // an unencoded '+' of the offset arrives as a space
            return OrgStore.parseDateTime(text.trim().replace(' ', '+')).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new SalesforceError(400, "INVALID_REPLICATION_DATE", "Invalid " + name + " date: " + text, null);
        }
    }

    private static OffsetDateTime minute(OffsetDateTime at) {
        return at.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
    }

    private static String format(OffsetDateTime at) {
        return OrgStore.DATETIME.format(at);
    }

    private static SalesforceError invalidDate(String message) {
        return new SalesforceError(400, "INVALID_REPLICATION_DATE", message, null);
    }
}
