package io.contactsync.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.contact.Contact;
import io.contactsync.contact.ContactStore;
import io.contactsync.salesforce.Soql;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pieces of the naive baseline route (benchmark/naive-push.camel.yaml): a contact at a time, its
 * owner query, its duplicate query and its create, as a per-record integration would do it; and the
 * careful batch script beside it ({@link BatchScript}).
 */
@TestConfiguration(proxyBeanMethods = false)
class NaiveBaseline {

    @Bean("naiveRecords")
    Records naiveRecords(JdbcTemplate jdbc, ContactStore contacts, ObjectMapper json) {
        return new Records(jdbc, contacts, json);
    }

    @Bean("batchScript")
    BatchScript batchScript(JdbcTemplate jdbc, Records naiveRecords, ObjectMapper json) {
        return new BatchScript(jdbc, naiveRecords, json);
    }

    static class Records {

        private final JdbcTemplate jdbc;
        private final ContactStore contacts;
        private final ObjectMapper json;

        Records(JdbcTemplate jdbc, ContactStore contacts, ObjectMapper json) {
            this.jdbc = jdbc;
            this.contacts = contacts;
            this.json = json;
        }

        public List<Contact> pending() {
            return jdbc.query("select " + ContactStore.CONTACT_COLUMNS + " from contact c join export_state s"
                    + " on s.contact_id = c.id where s.status = 'PENDING' order by c.id", (rs, n) -> contacts.contact(rs));
        }

        public String ownerQuery(Contact contact) {
            return "SELECT Id FROM User WHERE IsActive = true AND Email = " + Soql.literal(String.valueOf(contact.metBy()));
        }

        public String duplicateQuery(Contact contact) {
            return "SELECT Id FROM Lead WHERE IsConverted = false AND Email = " + Soql.literal(contact.email());
        }

        /** The first record's Id of a raw query answer, or null. */
        public String firstId(String rawPayload) throws JsonProcessingException {
            JsonNode records = json.readTree(rawPayload).path("records");
            return records.isEmpty() ? null : records.get(0).get("Id").asText();
        }

        /** The id a create answered. */
        public String createdId(String rawPayload) throws JsonProcessingException {
            return json.readTree(rawPayload).path("id").asText(null);
        }

        public String lead(Contact contact, String ownerId) throws JsonProcessingException {
            Map<String, Object> lead = new LinkedHashMap<>();
            lead.put("FirstName", contact.firstName());
            lead.put("LastName", contact.lastName());
            lead.put("Email", contact.email());
            lead.put("Company", contact.company());
            lead.put("Title", contact.title());
            lead.put("Phone", contact.phoneWork());
            lead.put("City", contact.city());
            lead.put("Description", contact.notes());
            lead.put("LeadSource", "contact-sync");
            if (ownerId != null) {
                lead.put("OwnerId", ownerId);
            }
            return json.writeValueAsString(lead);
        }

        public void record(Contact contact, String status, String sfId) {
            jdbc.update("update export_state set status = ?, sf_object = 'Lead', sf_id = ?, updated_at = now(),"
                    + " exported_at = case when ? = 'EXPORTED' then now() else exported_at end where contact_id = ?",
                    status, sfId, status, contact.id());
        }
    }
}
