package io.contactsync.simulator;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Salesforce does on the save of an activity (Object Reference, Task and Event): a Task is
 * closed ({@code IsClosed}) when its Status is Completed; an Event's end and duration follow from its
 * start and one of them, its ActivityDateTime and ActivityDate from its start; a Lead in WhoId takes
 * no WhatId; and the Lead, Contact or Account an activity names gets as {@code LastActivityDate} the
 * latest due date of its closed Tasks and of its Events up to today.
 */
final class ActivityRules {

    private static final Set<String> ACTIVITIES = Set.of("Task", "Event");

    private final OrgStore store;

    ActivityRules(OrgStore store) {
        this.store = store;
    }

    /** Derives the activity's computed fields and checks WhoId against WhatId, before the save. */
    void check(SObjectType type, Map<String, Object> record, Set<String> written) {
        if (!ACTIVITIES.contains(type.name())) {
            return;
        }
        if ("Task".equals(type.name())) {
            record.put("IsClosed", "Completed".equals(record.get("Status")));
        } else {
            times(record, written);
        }
        Object who = record.get("WhoId");
        if (who != null && record.get("WhatId") != null && who.toString().startsWith("00Q")) {
            throw new SalesforceError(400, "FIELD_INTEGRITY_EXCEPTION", "Name ID: id value of incorrect type: " + who
                    + " (a Lead in WhoId takes no WhatId)", List.of("WhoId"));
        }
    }

    /** After the save of an activity (before is the record as it was, null on create): LastActivityDate of whom it names. */
    void saved(SObjectType type, Map<String, Object> before, Map<String, Object> after) {
        if (!ACTIVITIES.contains(type.name()) || !counts(before) && !counts(after)) {
            return;
        }
        Set<String> named = new LinkedHashSet<>();
        for (Map<String, Object> record : java.util.Arrays.asList(before, after)) {
            if (record != null) {
                for (String field : List.of("WhoId", "WhatId")) {
                    if (record.get(field) != null) {
                        named.add(record.get(field).toString());
                    }
                }
            }
        }
        named.forEach(this::lastActivity);
    }

    /** Whether an activity can set a LastActivityDate: a closed Task, any Event. */
    private static boolean counts(Map<String, Object> activity) {
        return activity != null && (!activity.containsKey("IsClosed") || Boolean.TRUE.equals(activity.get("IsClosed")));
    }

    private void lastActivity(String id) {
        SObjectType type = store.schema().byPrefix(id);
        Map<String, Object> record = store.get(id);
        if (type == null || record == null || type.field("LastActivityDate") == null) {
            return;
        }
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String latest = null;
        List<Map<String, Object>> activities = new ArrayList<>();
        for (String activity : ACTIVITIES) {
            for (String field : List.of("WhoId", "WhatId")) {
                activities.addAll(store.all(activity).stream().filter(a -> id.equals(a.get(field))).toList());
            }
        }
        for (Map<String, Object> activity : activities) {
            Object date = activity.get("ActivityDate");
            boolean counts = activity.containsKey("IsClosed") ? Boolean.TRUE.equals(activity.get("IsClosed"))
                    : date != null && date.toString().compareTo(today) <= 0;
            if (counts && date != null && (latest == null || date.toString().compareTo(latest) > 0)) {
                latest = date.toString();
            }
        }
        if (!java.util.Objects.equals(latest, record.get("LastActivityDate"))) {
            Map<String, Object> changed = new java.util.LinkedHashMap<>(record);
            changed.put("LastActivityDate", latest);
            store.put(type, changed);
        }
    }

    /** An Event's times: the duration moves the end when it or the start was written (not the end), else the end gives the duration. */
    private static void times(Map<String, Object> event, Set<String> written) {
        Object start = event.get("StartDateTime");
        if (start == null) {
            start = event.get("ActivityDateTime");
        }
        if (start == null) {
            throw new SalesforceError(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [StartDateTime]",
                    List.of("StartDateTime"));
        }
        OffsetDateTime from = OrgStore.parseDateTime(start.toString());
        Object end = event.get("EndDateTime");
        Object minutes = event.get("DurationInMinutes");
        boolean moveEnd = minutes != null && (end == null || written.contains("DurationInMinutes")
                || written.contains("StartDateTime") && !written.contains("EndDateTime"));
        if (moveEnd) {
            event.put("EndDateTime", OrgStore.DATETIME.format(from.plusMinutes(((Number) minutes).longValue())));
        } else if (end != null) {
            OffsetDateTime to = OrgStore.parseDateTime(end.toString());
            if (to.isBefore(from)) {
                throw new SalesforceError(400, "FIELD_INTEGRITY_EXCEPTION", "End Date Time: End time can't be before start time",
                        List.of("EndDateTime"));
            }
            event.put("DurationInMinutes", (int) Duration.between(from, to).toMinutes());
        } else {
            throw new SalesforceError(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [DurationInMinutes]",
                    List.of("DurationInMinutes"));
        }
        event.put("StartDateTime", OrgStore.DATETIME.format(from));
        event.put("ActivityDateTime", OrgStore.DATETIME.format(from));
        event.put("ActivityDate", from.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString());
    }
}
