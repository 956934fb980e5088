package io.contactsync.sync;

import io.contactsync.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code DELETE /api/contacts/{id}}: the contact is deleted here, with its export state, activities and push
 * entries (they cascade), not merely marked: what is deleted is gone, and nothing can push it again. Its
 * Salesforce record is deleted too only with {@code contactsync.sync.delete-in-salesforce=true}; otherwise it
 * stays in Salesforce, no longer synced. A contact being pushed at this moment (EXPORTING) is refused (409).
 */
@Component("contactDeletion")
public class ContactDeletion {

    /** What is deleted: the contact, and the record to delete in Salesforce (object and id), if any. */
    public record Target(long contactId, String object, String salesforceId) {
        public boolean inSalesforce() {
            return salesforceId != null;
        }

        public String path() {
            return "/sobjects/" + object + "/" + salesforceId;
        }
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final boolean deleteInSalesforce;

    public ContactDeletion(NamedParameterJdbcTemplate jdbc,
                           @Value("${contactsync.sync.delete-in-salesforce:false}") boolean deleteInSalesforce) {
        this.jdbc = jdbc;
        this.deleteInSalesforce = deleteInSalesforce;
    }

    /** The contact to delete; 404 when there is none, 409 while it is being pushed. */
    public Target target(String id) {
        long contactId = id(id);
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select s.status, s.sf_object, s.sf_id from contact c join export_state s on s.contact_id = c.id
                where c.id = :id
                """, Map.of("id", contactId));
        if (rows.isEmpty()) {
            throw ApiException.notFound("no contact with id " + id);
        }
        Map<String, Object> row = rows.get(0);
        if ("EXPORTING".equals(row.get("status"))) {
            throw new ApiException(409, null, "the contact is being pushed to Salesforce now; try again in a moment");
        }
        boolean recordLives = row.get("sf_id") != null && !"DELETED_IN_SALESFORCE".equals(row.get("status"))
                && List.of("Lead", "Contact").contains(row.get("sf_object"));
        return deleteInSalesforce && recordLives
                ? new Target(contactId, (String) row.get("sf_object"), (String) row.get("sf_id"))
                : new Target(contactId, null, null);
    }

    /** Salesforce's answer to the record's delete: already gone (404) is fine, any other refusal keeps the contact (502). */
    public String refused(Exception e) {
        if (e instanceof SalesforceException sf && sf.getStatusCode() == 404) {
            return "already deleted";
        }
        throw new ApiException(502, null, "Salesforce did not delete the record, so the contact is kept: " + e.getMessage());
    }

    /** Deletes the contact; answers what became of it and of its record. */
    public Map<String, Object> delete(Target target, String salesforce) {
        int deleted = jdbc.update("""
                delete from contact c using export_state s
                where c.id = :id and s.contact_id = c.id and s.status <> 'EXPORTING'
                """, Map.of("id", target.contactId()));
        if (deleted == 0) {
            throw new ApiException(409, null, "the contact was claimed by a push meanwhile; try again in a moment");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", target.contactId());
        answer.put("deleted", true);
        answer.put("salesforce", target.inSalesforce() ? salesforce : "kept");
        if (target.inSalesforce()) {
            answer.put("object", target.object());
            answer.put("salesforceId", target.salesforceId());
        }
        return answer;
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no contact with id " + id);
        }
    }
}
