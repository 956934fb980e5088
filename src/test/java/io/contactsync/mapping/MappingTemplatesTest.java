package io.contactsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsync.contact.Contact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingTemplatesTest {

    private DefaultCamelContext camel;

    @BeforeEach
    void camel() {
        camel = new DefaultCamelContext();
        Properties props = new Properties();
        props.setProperty("contactsync.sync.source-name", "Trade Show");
        camel.getPropertiesComponent().setInitialProperties(props);
    }

    private static Contact contact(String first, String last, String mobile) {
        return new Contact(7L, "Dr.", first, last, "ada@example.com", "+49 30 1234567", mobile, "Analytical Engines",
                "CTO", "R&D", "https://ae.example", "Street 1", "Floor 2", "10115", "Berlin", "Germany", "met at booth",
                LocalDate.of(2026, 11, 3), "alice.seller@example.com", 80, Map.of("Region__c", "EMEA", "color", "red"));
    }

    @Test
    void shippedLeadTemplateMapsFieldsPredefinedValuesAndCustomFields() {
        MappingTemplates templates = new MappingTemplates(camel, "routes/mappings");
        Map<String, Object> lead = templates.forObject("Lead").create(camel, contact("Ada", "Lovelace", null));

        assertThat(lead).containsEntry("FirstName", "Ada").containsEntry("LastName", "Lovelace")
                .containsEntry("Company", "Analytical Engines").containsEntry("Salutation", "Dr.")
                .containsEntry("Phone", "+49 30 1234567").containsEntry("Street", "Street 1\nFloor 2")
                .containsEntry("PostalCode", "10115").containsEntry("LeadSource", "Trade Show")
                .containsEntry("Description", "met at booth").containsEntry("Region__c", "EMEA")
                .doesNotContainKey("MobilePhone").doesNotContainKey("color");
    }

    @Test
    void conditionFilesAFirstNameOnlyContactUnderItsFirstName() {
        MappingTemplates templates = new MappingTemplates(camel, "routes/mappings");
        Map<String, Object> contact = templates.forObject("Contact").create(camel, contact("Ada", null, "+1 555 0100"));

        assertThat(contact).containsEntry("LastName", "Ada").containsEntry("MobilePhone", "+1 555 0100")
                .containsEntry("Routing__c", "mobile").containsEntry("LeadScore__c", 80).containsEntry("MetOn__c", "2026-11-03");
    }

    @Test
    void updateOverridesOnlyWhereAllowedAndFillsEmptyFields() {
        MappingTemplates templates = new MappingTemplates(camel, "routes/mappings");
        Map<String, Object> existing = new java.util.HashMap<>(Map.of("Id", "00Q000000000001AAA", "FirstName", "Augusta",
                "LastName", "King", "Email", "ada@example.com", "Company", "Old Co", "Title", "Countess"));
        existing.put("Description", null);
        Map<String, Object> update = templates.forObject("Lead").update(camel, contact("Ada", "Lovelace", null), existing);

        assertThat(update).containsEntry("Title", "CTO").containsEntry("City", "Berlin")
                .containsEntry("Description", "met at booth").containsEntry("Salutation", "Dr.")
                .doesNotContainKeys("FirstName", "LastName", "Email", "LeadSource", "Company", "Region__c");
        assertThat(templates.fillOnlyTargets("Lead")).contains("FirstName", "Company", "Description", "Routing__c")
                .doesNotContain("Title", "City");
    }

    @Test
    void customFieldsMapRenamesCustomKeysAndBadValuesAreNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("contact.yaml"), """
                object: Contact
                customFields:
                  score: LeadScore__c
                fields:
                  - target: LastName
                    source: ${body.lastName}
                """);
        MappingTemplates templates = new MappingTemplates(camel, dir.toString());
        Contact withScore = new Contact(1L, null, null, "Doe", null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, Map.of("score", 7));

        assertThat(templates.forObject("Contact").create(camel, withScore)).containsEntry("LeadScore__c", 7)
                .containsEntry("LastName", "Doe");

        Files.writeString(dir.resolve("lead.yaml"), """
                object: Lead
                customFields: yes please
                """);
        assertThatThrownBy(() -> new MappingTemplates(camel, dir.toString()).all())
                .isInstanceOf(MappingException.class).hasMessageContaining("lead.yaml:2: 'customFields' is true or false");
    }

    @Test
    void brokenTemplateIsRefusedWithFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("lead.yaml"), """
                object: Lead
                fields:
                  - target: FirstName
                    source: ${body.firstName}
                  - target: LastName
                    sourse: ${body.lastName}
                """);
        MappingTemplates templates = new MappingTemplates(camel, dir.toString());

        assertThatThrownBy(() -> templates.forObject("Lead"))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("lead.yaml:5")
                .hasMessageContaining("'source' is missing");
    }
}
