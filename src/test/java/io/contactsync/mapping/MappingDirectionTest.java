package io.contactsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.contact.Contact;
import io.contactsync.mapping.MappingTemplate.Conflict;
import io.contactsync.mapping.MappingTemplate.Direction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-field direction and conflict rule: read from the templates, checked against the org, used by updates. */
class MappingDirectionTest {

    private static final String HEAD = """
            object: Lead
            fields:
              - target: LastName
                source: ${body.lastName}
              - target: Company
                source: ${body.company}
            """;

    @TempDir
    Path dir;
    private DefaultCamelContext camel;

    @BeforeEach
    void camel() {
        camel = new DefaultCamelContext();
        camel.getPropertiesComponent().setInitialProperties(new Properties());
    }

    private MappingTemplate lead(String fields) throws Exception {
        Files.writeString(dir.resolve("lead.yaml"), HEAD + fields);
        return new MappingTemplates(camel, dir.toString()).forObject("Lead");
    }

    private List<MappingProblem> problems(String fields) throws Exception {
        Files.writeString(dir.resolve("lead.yaml"), HEAD + fields);
        MappingTemplates templates = new MappingTemplates(camel, dir.toString());
        ContactSyncProperties properties = new ContactSyncProperties(null, null, null,
                new ContactSyncProperties.Salesforce(null, null, null, null, null, null, "56.0", "ContactSyncId__c", 16384),
                null, null, null, null);
        return new MappingCheck(camel, templates, new ObjectMapper(), properties, true, "ActivitySyncId__c")
                .check(templates.all().values(), MappingCheckTest.describes());
    }

    private static Contact contact(String title, String phone) {
        return new Contact(1L, null, "Ada", "Lovelace", "ada@example.com", phone, null, "Engines", title, null, null,
                null, null, null, "London", null, null, null, null, null, null);
    }

    @Test
    void directionDefaultsToPushAndConflictToLastWriter() throws Exception {
        MappingTemplate template = lead("""
                  - target: Title
                    source: ${body.title}
                    direction: both
                  - target: Phone
                    source: ${body.phoneWork}
                    direction: both
                    conflict: salesforce-unless-blank
                  - target: City
                    source: ${body.city}
                    direction: pull
                  - target: Description
                    source: ${body.notes}
                    direction: none
                """);

        assertThat(template.fields()).extracting(MappingTemplate.FieldRule::direction)
                .containsExactly(Direction.push, Direction.push, Direction.both, Direction.both, Direction.pull, Direction.none);
        assertThat(template.fields().get(2).conflict()).isEqualTo(Conflict.LAST_WRITER);
        assertThat(template.fields().get(3).conflict()).isEqualTo(Conflict.SALESFORCE_UNLESS_BLANK);
        assertThat(template.pulled()).extracting(MappingTemplate.FieldRule::target).containsExactly("Title", "Phone", "City");
        // a new record gets the pushed fields only
        assertThat(template.create(camel, contact("CTO", "+44 1"))).containsKeys("LastName", "Company", "Title", "Phone")
                .doesNotContainKeys("City", "Description");
    }

    @Test
    void badDirectionOrConflictIsNamedWithItsLine() {
        assertThatThrownBy(() -> lead("""
                  - target: Title
                    source: ${body.title}
                    direction: sideways
                """)).hasMessageContaining("lead.yaml:9").hasMessageContaining("direction 'sideways'");
        assertThatThrownBy(() -> lead("""
                  - target: Title
                    source: ${body.title}
                    conflict: salesforce
                """)).hasMessageContaining("'conflict' applies only to direction both");
        assertThatThrownBy(() -> lead("""
                  - target: Title
                    source: ${body.title}
                    direction: both
                    conflict: newest
                """)).hasMessageContaining("conflict 'newest' is not one of");
    }

    @Test
    void pulledFieldMustExistAndGoToAContactField() throws Exception {
        assertThat(problems("""
                  - target: Rating__x
                    source: ${body.title}
                    direction: pull
                  - target: Street
                    source: ${body.street}
                    direction: both
                  - target: Title
                    source: "${body.title} (met)"
                    direction: pull
                """)).extracting(MappingProblem::message).satisfiesExactly(
                m -> assertThat(m).contains("Lead has no field 'Rating__x'"),
                m -> assertThat(m).contains("source must be ${body.<field>}").contains("${body.street}"),
                m -> assertThat(m).contains("source must be ${body.<field>}"));
    }

    @Test
    void updateSendsOnlyChangedPushedFieldsAndHonoursOverride() throws Exception {
        MappingTemplate template = lead("""
                  - target: Title
                    source: ${body.title}
                    override: true
                    direction: both
                  - target: Phone
                    source: ${body.phoneWork}
                  - target: City
                    source: ${body.city}
                    direction: pull
                """);
        Map<String, Object> before = template.pushView(camel, contact("CTO", null));

        assertThat(template.changes(template.pushView(camel, contact("CTO", null)), before)).isEmpty();
        // Title may override: sent; Phone may not, but was empty: filled
        assertThat(template.changes(template.pushView(camel, contact("CEO", "+44 1")), before))
                .containsExactlyInAnyOrderEntriesOf(Map.of("Title", "CEO", "Phone", "+44 1"));
        // Phone held a value from this service: a field that may not override is left alone
        Map<String, Object> withPhone = template.pushView(camel, contact("CTO", "+44 1"));
        assertThat(template.changes(template.pushView(camel, contact("CTO", "+44 2")), withPhone)).isEmpty();
        // a title emptied here clears the field (it may override)
        assertThat(template.changes(template.pushView(camel, contact(null, null)), before))
                .containsEntry("Title", null).hasSize(1);
        // nothing known about what the record holds: only fields that may override
        assertThat(template.changes(template.pushView(camel, contact("CTO", "+44 1")), null)).containsOnlyKeys("Title");
    }

    @Test
    void valuesCompareAcrossTheirForms() {
        assertThat(SyncedValues.same(42, 42.0)).isTrue();
        assertThat(SyncedValues.same("", null)).isTrue();
        assertThat(SyncedValues.hash(Map.of("A", "x", "B", ""))).isEqualTo(SyncedValues.hash(Map.of("A", "x")));
    }
}
