package io.contactsync.mail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.push.PushProgress;
import io.contactsync.push.PushStore;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** The data the mail templates render: a finished push, or the failures of automatic sync since the last digest. */
@Component("mailSummaries")
public class MailSummaries {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final PushStore pushes;
    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;

    public MailSummaries(PushStore pushes, NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.pushes = pushes;
        this.jdbc = jdbc;
        this.json = json;
    }

    public Map<String, Object> push(UUID pushId) {
        PushProgress progress = pushes.progress(pushId).orElseThrow();
        Map<String, Object> model = json.convertValue(progress, MAP);
        model.put("subject", "contact-sync: push of " + progress.total() + " contacts: " + progress.exported()
                + " exported, " + progress.duplicates() + " duplicates, " + progress.failed() + " failed");
        model.put("hasFailures", !progress.failures().isEmpty());
        // Mustache takes any number, 0 too, for true: the template asks this instead
        model.put("hasPostponed", progress.postponed() > 0);
        return model;
    }

    /** Claims the automatic-sync failures not yet reported, of contacts and of activities (locked until the transaction ends). */
    public Map<String, Object> digest() {
        List<PushProgress.Failure> failures = jdbc.query("""
                select c.id, concat_ws(' ', c.first_name, c.last_name) as name, c.email, s.status,
                       coalesce(s.error_code || ': ', '') || coalesce(s.error_message, '') as reason
                from export_state s join contact c on c.id = s.contact_id
                where s.digest_pending order by c.id for update of s skip locked
                """, Map.of(), (rs, n) -> new PushProgress.Failure(rs.getLong("id"), rs.getString("name"),
                rs.getString("email"), rs.getString("status"), rs.getString("reason")));
        List<Map<String, Object>> activities = jdbc.queryForList("""
                select a.id as "activityId", a.contact_id as "contactId", c.email, a.type, coalesce(a.subject, '') as subject,
                       coalesce(e.error_code || ': ', '') || coalesce(e.error_message, '') as reason
                from activity_export e join activity a on a.id = e.activity_id join contact c on c.id = a.contact_id
                where e.digest_pending order by a.id for update of e skip locked
                """, Map.of());
        String subject = "contact-sync: " + failures.size() + " contacts" + (activities.isEmpty() ? "" : " and "
                + activities.size() + " activities") + " failed in automatic sync";
        return Map.of("count", failures.size() + activities.size(),
                "failures", json.convertValue(failures, new TypeReference<List<Object>>() { }),
                "hasFailures", !failures.isEmpty(), "contactCount", failures.size(),
                "activityFailures", activities, "hasActivityFailures", !activities.isEmpty(), "activityCount", activities.size(),
                "subject", subject,
                "ids", failures.stream().map(PushProgress.Failure::contactId).toList(),
                "activityIds", activities.stream().map(a -> ((Number) a.get("activityId")).longValue()).toList());
    }

    public void digestSent(List<Long> ids, List<Long> activityIds) {
        jdbc.update("update export_state set digest_pending = false where contact_id = any(:ids)",
                Map.of("ids", ids.toArray(Long[]::new)));
        jdbc.update("update activity_export set digest_pending = false where activity_id = any(:ids)",
                Map.of("ids", activityIds.toArray(Long[]::new)));
    }
}
