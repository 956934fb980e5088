package io.contactsync.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.contactsync.activity.Activity;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.config.ContactSyncProperties.DuplicatePolicy;
import io.contactsync.config.ContactSyncProperties.OwnerFallback;
import io.contactsync.security.Caller;
import io.contactsync.sync.SyncChunk.Target;
import io.contactsync.web.ApiException;
import io.contactsync.web.RequestReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The sync settings an admin may change at run time (the settings page, {@code PUT /api/settings}):
 * stored in PostgreSQL and shared by every instance; a key not stored has its configured value. Reads
 * go through a cache of {@code contactsync.settings.cache-ttl} (5 s), so a change made on another
 * instance takes effect here within that time; a change made here takes effect at once. Every change
 * is audited (who, when, key, value before and after). Routes read them as
 * {@code ${bean:syncSettings?method=mode}}.
 */
@Component("syncSettings")
public class SyncSettings {

    public static final String MODE = "contactsync.sync.mode";
    public static final String TARGET = "contactsync.sync.target";
    public static final String DUPLICATE_POLICY = "contactsync.duplicates.policy";
    public static final String OWNER_FALLBACK = "contactsync.owner.fallback";
    public static final String USERS_CAN_PUSH = "contactsync.rights.users-can-push";
    public static final String ACTIVITY_TYPES = "contactsync.activities.types";

    private static final Logger LOG = LoggerFactory.getLogger(SyncSettings.class);

    /** One changeable setting: its values (null: a list of them), its description, how a value is made canonical. */
    private record Definition(String key, List<String> allowed, boolean list, String description) {

        /** The canonical text of a value from JSON, or an ApiException naming the key and the reason. */
        String canonical(JsonNode value) {
            if (list) {
                List<String> items = new ArrayList<>();
                if (value.isArray()) {
                    for (JsonNode item : value) {
                        if (!item.isTextual()) {
                            throw ApiException.badRequest(key, key + ": expected a list of texts, got " + item.getNodeType()
                                    .name().toLowerCase(java.util.Locale.ROOT) + " in it");
                        }
                        items.add(item.asText());
                    }
                } else if (value.isTextual()) {
                    items.addAll(Arrays.asList(value.asText().split(",")));
                } else {
                    throw ApiException.badRequest(key, key + ": expected a list of " + String.join(", ", allowed));
                }
                Set<String> picked = new LinkedHashSet<>();
                for (String item : items) {
                    String type = item.strip();
                    if (type.isEmpty()) {
                        continue;
                    }
                    if (!allowed.contains(type)) {
                        throw ApiException.badRequest(key, key + ": unknown value '" + type + "'; one of "
                                + String.join(", ", allowed));
                    }
                    picked.add(type);
                }
                return String.join(",", picked);
            }
            String text = value.isBoolean() && allowed.contains("true") ? String.valueOf(value.asBoolean())
                    : value.isTextual() ? value.asText().strip() : null;
            if (text == null || !allowed.contains(text)) {
                throw ApiException.badRequest(key, key + " must be " + String.join(" or ", allowed) + ", got "
                        + (value.isTextual() ? "'" + value.asText() + "'" : value.toString()));
            }
            return text;
        }

        /** The value as JSON shows it: a list, a flag or a text. */
        Object shown(String canonical) {
            if (list) {
                return canonical.isEmpty() ? List.of() : List.of(canonical.split(","));
            }
            return allowed.contains("true") ? Boolean.valueOf(canonical) : canonical;
        }
    }

    private final Map<String, Definition> definitions = new LinkedHashMap<>();
    private final Map<String, String> configured = new LinkedHashMap<>();
    private final NamedParameterJdbcTemplate jdbc;
    private final RequestReader reader;
    private final Duration cacheTtl;
    private final Cache<Boolean, Map<String, String>> stored;

    public SyncSettings(ContactSyncProperties properties, NamedParameterJdbcTemplate jdbc, RequestReader reader,
                        @Value("${contactsync.activities.types:}") List<String> activityTypes,
                        @Value("${contactsync.settings.cache-ttl:5s}") Duration cacheTtl, Flyway flyway) {
        // flyway: only so that the tables exist before the first read (the sync-mode record at start reads)
        this.jdbc = jdbc;
        this.reader = reader;
        this.cacheTtl = cacheTtl;
        this.stored = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(1).build();
        define(MODE, names(ContactSyncProperties.SyncMode.values(), Enum::name), properties.sync().mode().name(),
                "automatic: new contacts are pushed right after they arrive and on the schedule; manual: only by a push");
        define(TARGET, names(Target.values(), Enum::name), properties.sync().target().name(),
                "what a contact becomes in Salesforce");
        define(DUPLICATE_POLICY, names(DuplicatePolicy.values(), Enum::name), properties.duplicates().policy().name(),
                "reject: DUPLICATE; link: connect to the existing record; update: write the override fields into it");
        define(OWNER_FALLBACK, names(OwnerFallback.values(), p -> p.name().replace('_', '-')),
                properties.owner().fallbackPolicy().name().replace('_', '-'),
                "owner when no active Salesforce User has the contact's metBy email");
        define(USERS_CAN_PUSH, List.of("true", "false"), String.valueOf(properties.rights().usersCanPush()),
                "may users (not only admins) push the contacts they met");
        List<String> types = activityTypes.stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
        definitions.put(ACTIVITY_TYPES, new Definition(ACTIVITY_TYPES, Activity.TYPES, true,
                "activity types sent to Salesforce as Tasks; the others are stored SKIPPED"));
        configured.put(ACTIVITY_TYPES, String.join(",", types.isEmpty() ? Activity.TYPES : types));
    }

    private void define(String key, List<String> allowed, String configuredValue, String description) {
        definitions.put(key, new Definition(key, allowed, false, description));
        configured.put(key, configuredValue);
    }

    private static <T> List<String> names(T[] values, Function<T, String> name) {
        return Stream.of(values).map(name).toList();
    }

    // ---- what the routes and beans read

    public String mode() {
        return value(MODE);
    }

    public boolean automatic() {
        return "automatic".equals(mode());
    }

    public Target target() {
        return Target.valueOf(value(TARGET));
    }

    public DuplicatePolicy duplicatePolicy() {
        return DuplicatePolicy.valueOf(value(DUPLICATE_POLICY));
    }

    public OwnerFallback ownerFallback() {
        return OwnerFallback.valueOf(value(OWNER_FALLBACK).replace('-', '_'));
    }

    public boolean usersCanPush() {
        return Boolean.parseBoolean(value(USERS_CAN_PUSH));
    }

    public Set<String> activityTypes() {
        String types = value(ACTIVITY_TYPES);
        return types.isEmpty() ? Set.of() : Set.of(types.split(","));
    }

    private String value(String key) {
        String value = storedValues().get(key);
        return value != null ? value : configured.get(key);
    }

    /** The stored values, at most cache-ttl old (read per call when the ttl is 0). */
    private Map<String, String> storedValues() {
        if (cacheTtl.isZero()) {
            return readStored();
        }
        return stored.get(Boolean.TRUE, ignored -> readStored());
    }

    private Map<String, String> readStored() {
        Map<String, String> values = new LinkedHashMap<>();
        jdbc.query("select key, value from setting", Map.of(), rs -> {
            values.put(rs.getString("key"), rs.getString("value"));
        });
        return values;
    }

    // ---- the REST API

    /** GET /api/settings: every setting with its value, where it comes from and what it may be. */
    public Map<String, Object> view() {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        jdbc.query("select key, value, updated_at, updated_by from setting", Map.of(), rs -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("value", rs.getString("value"));
            row.put("updatedAt", rs.getTimestamp("updated_at").toInstant().toString());
            row.put("updatedBy", rs.getString("updated_by"));
            rows.put(rs.getString("key"), row);
        });
        List<Map<String, Object>> settings = new ArrayList<>();
        for (Definition d : definitions.values()) {
            Map<String, Object> row = rows.get(d.key());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("key", d.key());
            s.put("value", d.shown(row != null ? (String) row.get("value") : configured.get(d.key())));
            s.put("configured", d.shown(configured.get(d.key())));
            s.put("source", row != null ? "stored" : "configuration");
            if (row != null) {
                s.put("updatedAt", row.get("updatedAt"));
                s.put("updatedBy", row.get("updatedBy"));
            }
            s.put(d.list() ? "values" : "allowed", d.allowed());
            s.put("description", d.description());
            settings.add(s);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("settings", settings);
        answer.put("cacheSeconds", cacheTtl.toSeconds());
        return answer;
    }

    /**
     * PUT /api/settings: {@code {"key": value, …}}; {@code null} goes back to the configured value. All
     * checked before any is stored; each change audited. Answers the settings after the change.
     */
    @Transactional
    public Map<String, Object> update(String body, Caller caller) {
        if (!caller.admin()) {
            throw new ApiException(403, null, "only admins may change the settings");
        }
        JsonNode tree = reader.tree(body);
        if (!tree.isObject() || tree.isEmpty()) {
            throw ApiException.badRequest(null, "expected an object of settings to change, e.g. {\"" + MODE
                    + "\": \"automatic\"}; known: " + String.join(", ", definitions.keySet()));
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : tree.properties()) {
            Definition d = definitions.get(field.getKey());
            if (d == null) {
                throw ApiException.badRequest(field.getKey(), "unknown setting '" + field.getKey() + "'; known: "
                        + String.join(", ", definitions.keySet()));
            }
            wanted.put(d.key(), field.getValue().isNull() ? null : d.canonical(field.getValue()));
        }
        // one writer at a time across instances, so that each audit row's old value is the one it replaced
        jdbc.update("lock table setting in share row exclusive mode", Map.of());
        Map<String, String> before = readStored();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> w : wanted.entrySet()) {
            String key = w.getKey();
            String old = before.getOrDefault(key, configured.get(key));
            String next = w.getValue() != null ? w.getValue() : configured.get(key);
            MapSqlParameterSource p = new MapSqlParameterSource().addValue("key", key).addValue("value", w.getValue())
                    .addValue("by", caller.name()).addValue("old", old).addValue("new", next);
            if (w.getValue() == null) {
                jdbc.update("delete from setting where key = :key", p);
            } else {
                jdbc.update("""
                        insert into setting (key, value, updated_by) values (:key, :value, :by)
                        on conflict (key) do update set value = excluded.value, updated_at = now(), updated_by = excluded.updated_by
                        """, p);
            }
            if (!Objects.equals(old, next)) {
                jdbc.update("insert into setting_audit (changed_by, key, old_value, new_value) values (:by, :key, :old, :new)", p);
                changed.add(key);
                LOG.info("Setting {} changed by {}: {} -> {}", key, caller.name(), old, next);
                if (MODE.equals(key)) {
                    modeChanged(next);
                }
            }
        }
        stored.invalidateAll();
        Map<String, Object> answer = view();
        answer.put("changed", changed);
        return answer;
    }

    /** As at a start in that mode: automatic pushes the contacts that arrive from now on; manual forgets since when. */
    private void modeChanged(String mode) {
        if ("automatic".equals(mode)) {
            jdbc.update("insert into app_state (key, value) values ('automatic_since', cast(now() as text)) "
                    + "on conflict (key) do nothing", Map.of());
        } else {
            jdbc.update("delete from app_state where key = 'automatic_since'", Map.of());
        }
    }

    /** GET /api/settings/audit: the changes, newest first. */
    public List<Map<String, Object>> audit(String limit) {
        int rows;
        try {
            rows = limit == null || limit.isBlank() ? 100 : Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit", "limit must be a whole number, got '" + limit + "'");
        }
        return jdbc.query("""
                select changed_at, changed_by, key, old_value, new_value from setting_audit
                order by changed_at desc, id desc limit :limit""", Map.of("limit", Math.max(1, Math.min(rows, 1000))),
                (rs, n) -> {
                    Definition d = definitions.get(rs.getString("key"));
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("changedAt", rs.getTimestamp("changed_at").toInstant().toString());
                    row.put("changedBy", rs.getString("changed_by"));
                    row.put("key", rs.getString("key"));
                    row.put("oldValue", shown(d, rs.getString("old_value")));
                    row.put("newValue", shown(d, rs.getString("new_value")));
                    return row;
                });
    }

    private static Object shown(Definition d, String value) {
        return d == null || value == null ? value : d.shown(value);
    }
}
