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
        Map<String, Object> lead = templates.forObject("Lead").apply(camel, contact("Ada", "Lovelace", null), false);

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
        Map<String, Object> contact = templates.forObject("Contact").apply(camel, contact("Ada", null, "+1 555 0100"), false);

        assertThat(contact).containsEntry("LastName", "Ada").containsEntry("MobilePhone", "+1 555 0100");
    }

    @Test
    void updateCarriesOnlyFieldsThatMayOverride() {
        MappingTemplates templates = new MappingTemplates(camel, "routes/mappings");
        Map<String, Object> update = templates.forObject("Lead").apply(camel, contact("Ada", "Lovelace", null), true);

        assertThat(update).containsEntry("Title", "CTO").containsEntry("City", "Berlin")
                .doesNotContainKeys("FirstName", "LastName", "Email", "LeadSource", "Company");
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
