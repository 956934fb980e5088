package io.contactsync.push;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.settings.SyncSettings;
import io.contactsync.contact.ContactStore;
import io.contactsync.contact.ExportStatus;
import io.contactsync.sync.SyncChunk;
import io.contactsync.sync.SyncChunk.Target;
import io.contactsync.sync.SyncItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/pushes} with {@code "dryRun": true}: reads the chosen contacts without claiming
 * them, and after the pipeline's preparing steps tells per contact what a push would do.
 */
@Component("pushPreview")
public class PushPreview {

    private final NamedParameterJdbcTemplate jdbc;
    private final ContactStore contacts;
    private final ContactSyncProperties properties;
    private final SyncSettings settings;

    public PushPreview(NamedParameterJdbcTemplate jdbc, ContactStore contacts, ContactSyncProperties properties,
                       SyncSettings settings) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.properties = properties;
    }

    /** The contacts of a preview: the chunks a push would claim, and the ones it would skip. */
    public record Plan(List<Long> ids, List<SyncChunk> chunks, Map<Long, Line> skipped) { }

    /** What a push would do with one contact. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(long contactId, String name, String action, String object, String salesforceId,
                       Map<String, Object> fields, Account account, String code, String reason) { }

    /** The Account a new Contact would belong to (target ContactWithAccount). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Account(String action, String salesforceId, Map<String, Object> fields) { }

    public Plan plan(PushRequest request) {
        List<Long> ids = List.copyOf(new LinkedHashSet<>(request.contactIds()));
        Map<Long, Line> skipped = new LinkedHashMap<>();
        List<SyncItem> items = new ArrayList<>();
        jdbc.query("select " + ContactStore.CONTACT_COLUMNS + """
                , c.sync_key::text as sync_key, s.status, s.sf_object, s.sf_id, s.attempts
                from contact c join export_state s on s.contact_id = c.id
                where c.id = any(:ids) order by c.id
                """, Map.of("ids", ids.toArray(Long[]::new)), rs -> {
            ExportStatus status = ExportStatus.valueOf(rs.getString("status"));
            SyncItem item = new SyncItem(contacts.contact(rs), rs.getString("sync_key"), rs.getInt("attempts"));
            if (status == ExportStatus.EXPORTED || status == ExportStatus.EXPORTING
                    || status == ExportStatus.DELETED_IN_SALESFORCE) {
                String reason = status == ExportStatus.EXPORTED
                        ? "already exported as " + rs.getString("sf_object") + " " + rs.getString("sf_id")
                        : status == ExportStatus.DELETED_IN_SALESFORCE
                        ? rs.getString("sf_object") + " " + rs.getString("sf_id") + " was deleted in Salesforce"
                        : "being exported by another run";
                skipped.put(item.contactId(), new Line(item.contactId(), name(item), "skip", rs.getString("sf_object"),
                        rs.getString("sf_id"), null, null, null, reason));
            } else {
                items.add(item);
            }
        });
        return new Plan(ids, SyncChunk.split(items, properties.sync().chunkSize(), settings.target(), null), skipped);
    }

    /** Per contact, in the order asked, what the push would do; with counts per action. */
    public Map<String, Object> report(Plan plan) {
        Map<Long, Line> lines = new LinkedHashMap<>(plan.skipped());
        plan.chunks().forEach(chunk -> chunk.items().forEach(item -> lines.put(item.contactId(), line(chunk.target(), item))));
        List<Line> ordered = plan.ids().stream().map(lines::get).filter(java.util.Objects::nonNull).toList();
        Map<String, Integer> counts = new TreeMap<>();
        ordered.forEach(line -> counts.merge(line.action(), 1, Integer::sum));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("dryRun", true);
        answer.put("target", settings.target().name());
        answer.put("total", ordered.size());
        answer.put("actions", counts);
        answer.put("contacts", ordered);
        return answer;
    }

    private Line line(Target target, SyncItem item) {
        long id = item.contactId();
        String name = name(item);
        if (item.outcome() == ExportStatus.FAILED) {
            return new Line(id, name, "fail", null, null, null, null, item.errorCode(), item.errorMessage());
        }
        if (item.outcome() == ExportStatus.DUPLICATE) {
            return new Line(id, name, "duplicate", item.sfObject(), item.sfId(), null, null, "DUPLICATE", item.errorMessage());
        }
        if (item.sameEmailAs() != null) {
            return new Line(id, name, "follow", null, null, null, null, null, "contact " + item.sameEmailAs().contactId()
                    + " of the same push has the same email; this one takes its outcome");
        }
        return switch (item.action()) {
            case LINK -> new Line(id, name, "link", item.sfObject(), item.sfId(), null, null, null,
                    "an existing " + item.sfObject() + " has the email " + item.contact().email());
            case UPDATE -> new Line(id, name, "update", item.sfObject(), item.sfId(), item.record(), null, null,
                    item.record().isEmpty() ? "nothing to change" : null);
            case CREATE -> new Line(id, name, "create", target.sObject(), null, item.record(), account(target, item), null, null);
        };
    }

    private Account account(Target target, SyncItem item) {
        if (target != Target.ContactWithAccount) {
            return null;
        }
        Object accountId = item.record().get("AccountId");
        return accountId != null ? new Account("link", accountId.toString(), null) : new Account("create", null, item.account());
    }

    private static String name(SyncItem item) {
        String first = item.contact().firstName();
        String last = item.contact().lastName();
        return ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
    }
}
