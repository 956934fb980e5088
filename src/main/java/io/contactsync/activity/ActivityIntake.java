package io.contactsync.activity;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.web.ApiException;
import io.contactsync.web.RequestReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads {@code POST /api/contacts/{id}/activities} and {@code POST /api/activities}: one activity or an
 * array, all valid or none stored. Each names its contact (path, {@code contactId} or {@code email}), has
 * an {@code externalId}, a known {@code type} and {@code occurredAt}.
 */
@Component("activityIntake")
public class ActivityIntake {

    private final RequestReader reader;
    private final NamedParameterJdbcTemplate jdbc;
    private final int maxBatchSize;

    public ActivityIntake(RequestReader reader, NamedParameterJdbcTemplate jdbc, ContactSyncProperties properties) {
        this.reader = reader;
        this.jdbc = jdbc;
        this.maxBatchSize = properties.api().maxBatchSize();
    }

    /** Activities of the contact in the path; 404 when there is no such contact. */
    public List<NewActivity> readForContact(String body, String pathId) {
        long contactId = contactId(pathId);
        List<NewActivity> activities = new ArrayList<>();
        JsonNode tree = reader.tree(body);
        List<JsonNode> nodes = nodes(tree);
        for (int i = 0; i < nodes.size(); i++) {
            String where = tree.isArray() ? "[" + i + "]" : "";
            ActivityInput input = reader.read(nodes.get(i), ActivityInput.class, where);
            if (input.contactId() != null || input.email() != null) {
                throw ApiException.badRequest(field(where, input.contactId() != null ? "contactId" : "email"),
                        "the contact is the one in the path; leave contactId and email out");
            }
            activities.add(check(input, contactId, where));
        }
        return activities;
    }

    /** A batch whose activities name their contacts by {@code contactId} or {@code email}. */
    public List<NewActivity> readBatch(String body) {
        List<NewActivity> activities = new ArrayList<>();
        JsonNode tree = reader.tree(body);
        List<JsonNode> nodes = nodes(tree);
        for (int i = 0; i < nodes.size(); i++) {
            String where = tree.isArray() ? "[" + i + "]" : "";
            ActivityInput input = reader.read(nodes.get(i), ActivityInput.class, where);
            activities.add(check(input, contact(input, where), where));
        }
        return activities;
    }

    public long contactId(String pathId) {
        long id;
        try {
            id = Long.parseLong(pathId);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("id", "the contact id is a number, was '" + pathId + "'");
        }
        if (!exists(id)) {
            throw ApiException.notFound("no contact with id " + id);
        }
        return id;
    }

    private List<JsonNode> nodes(JsonNode tree) {
        List<JsonNode> nodes = new ArrayList<>();
        if (tree.isArray()) {
            if (tree.isEmpty()) {
                throw ApiException.badRequest(null, "the array holds no activity");
            }
            if (tree.size() > maxBatchSize) {
                throw new ApiException(413, null, "at most " + maxBatchSize + " activities per request "
                        + "(contactsync.api.max-batch-size), got " + tree.size());
            }
            tree.forEach(nodes::add);
        } else if (tree.isObject()) {
            nodes.add(tree);
        } else {
            throw ApiException.badRequest(null, "an activity (JSON object) or an array of activities expected");
        }
        return nodes;
    }

    private long contact(ActivityInput input, String where) {
        if (input.contactId() != null) {
            if (!exists(input.contactId())) {
                throw ApiException.badRequest(field(where, "contactId"), "no contact with id " + input.contactId());
            }
            return input.contactId();
        }
        if (blank(input.email())) {
            throw ApiException.badRequest(field(where, "contactId"), "name the contact by contactId or email");
        }
        // the newest contact with the address, as a person entered twice is most likely the later one
        List<Long> ids = jdbc.queryForList("select id from contact where lower(email) = lower(:email) order by id desc limit 1",
                Map.of("email", input.email().strip()), Long.class);
        if (ids.isEmpty()) {
            throw ApiException.badRequest(field(where, "email"), "no contact with email " + input.email());
        }
        return ids.get(0);
    }

    private static NewActivity check(ActivityInput a, long contactId, String where) {
        if (blank(a.externalId())) {
            throw ApiException.badRequest(field(where, "externalId"), "externalId is missing: the caller's id of the event");
        }
        if (blank(a.type())) {
            throw ApiException.badRequest(field(where, "type"), "type is missing (one of " + String.join(", ", Activity.TYPES) + ")");
        }
        if (!Activity.TYPES.contains(a.type())) {
            throw ApiException.badRequest(field(where, "type"), "unknown type '" + a.type() + "' (one of "
                    + String.join(", ", Activity.TYPES) + ")");
        }
        if (a.occurredAt() == null) {
            throw ApiException.badRequest(field(where, "occurredAt"), "occurredAt is missing (ISO date-time with offset)");
        }
        return new NewActivity(contactId, a.externalId().strip(), a.type(), a.occurredAt(), a.subject(), a.body(), a.url());
    }

    private boolean exists(long id) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from contact where id = :id)",
                Map.of("id", id), Boolean.class));
    }

    private static String field(String where, String name) {
        return where.isEmpty() ? name : where + "." + name;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
