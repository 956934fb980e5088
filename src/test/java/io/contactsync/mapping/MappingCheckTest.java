package io.contactsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.contact.Contact;
import io.contactsync.simulator.OrgSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mapping check against the describe answers of the Salesforce simulator's org. */
class MappingCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OrgSchema ORG = new OrgSchema();

    @TempDir
    Path dir;
    private DefaultCamelContext camel;

    @BeforeEach
    void camel() {
        camel = new DefaultCamelContext();
        Properties props = new Properties();
        props.setProperty("contactsync.sync.source-name", "Trade Show");
        camel.getPropertiesComponent().setInitialProperties(props);
    }

    static Map<String, ObjectDescribe> describes() {
        Map<String, ObjectDescribe> describes = new HashMap<>();
        for (String object : List.of("Lead", "Contact", "Account", "Task")) {
            describes.put(object, ObjectDescribe.of(JSON.valueToTree(ORG.type(object).describe("56.0"))));
        }
        return describes;
    }

    private MappingCheck check(MappingTemplates templates) {
        ContactSyncProperties properties = new ContactSyncProperties(null, null, null,
                new ContactSyncProperties.Salesforce(null, null, null, null, null, null, "56.0", "ContactSyncId__c", 16384),
                null, null, null, null);
        return new MappingCheck(camel, templates, JSON, properties, true, "ActivitySyncId__c");
    }

    private List<MappingProblem> problems(String leadYaml) throws Exception {
        Files.writeString(dir.resolve("lead.yaml"), leadYaml);
        MappingTemplates templates = new MappingTemplates(camel, dir.toString());
        return check(templates).check(templates.all().values(), describes());
    }

    @Test
    void shippedTemplatesFitTheOrg() {
        MappingTemplates templates = new MappingTemplates(camel, "routes/mappings");
        assertThat(check(templates).check(templates.all().values(), describes())).isEmpty();
        assertThat(templates.objects()).containsExactly("Lead", "Contact", "Account");
    }

    @Test
    void theShippedTaskTemplateIsCheckedOnAnActivityAndFits() {
        MappingTemplates templates = new MappingTemplates(camel, "routes/mappings");
        MappingCheck check = check(templates);
        assertThat(check.objectsToDescribe()).containsExactly("Lead", "Contact", "Account", "Task");
        assertThat(check.check(List.of(templates.other("Task")), describes())).isEmpty();
    }

    @Test
    void aTaskTemplateThatDoesNotFitTheOrgIsNamedAndWithoutActivitiesNotChecked() throws Exception {
        Files.writeString(dir.resolve("task.yaml"), """
                object: Task
                predefined:
                  Status: Completed
                fields:
                  - target: Subject
                    source: ${body.subject}
                  - target: WhoIdd
                    source: ${body.whoId}
                  - target: ActivityDate
                    source: ${body.lastName}
                """);
        MappingTemplates templates = new MappingTemplates(camel, dir.toString());
        List<MappingProblem> problems = check(templates).check(List.of(templates.other("Task")), describes());

        assertThat(problems).extracting(MappingProblem::field).containsExactly("WhoIdd", "ActivityDate");
        assertThat(problems.get(0).message()).contains("Task has no field 'WhoIdd'");
        assertThat(problems.get(1).message()).contains("cannot be evaluated on an activity");
        ContactSyncProperties properties = new ContactSyncProperties(null, null, null,
                new ContactSyncProperties.Salesforce(null, null, null, null, null, null, "56.0", "ContactSyncId__c", 16384),
                null, null, null, null);
        MappingCheck withoutActivities = new MappingCheck(camel, templates, JSON, properties, false, "ActivitySyncId__c");
        assertThat(withoutActivities.objectsToDescribe()).doesNotContain("Task");
    }

    @Test
    void wrongFieldNameIsNamedWithFileLineAndASuggestion() throws Exception {
        List<MappingProblem> problems = problems("""
                object: Lead
                fields:
                  - target: LastName
                    source: ${body.lastName}
                  - target: Company
                    source: ${body.company}
                  - target: Titel
                    source: ${body.title}
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.field()).isEqualTo("Titel");
            assertThat(p.toString()).endsWith("lead.yaml:7: field Titel: Lead has no field 'Titel' (did you mean Title?)");
        });
    }

    @Test
    void sourceOfTheWrongTypeIsRefused() throws Exception {
        List<MappingProblem> problems = problems("""
                object: Lead
                fields:
                  - target: LastName
                    source: ${body.lastName}
                  - target: Company
                    source: ${body.company}
                  - target: LeadScore__c
                    source: ${body.zip}
                  - target: MetOn__c
                    source: ${body.leadScore}
                  - target: Title
                    source: ${body.metOn}
                """);

        assertThat(problems).extracting(MappingProblem::toString).containsExactly(
                dir.resolve("lead.yaml") + ":7: field LeadScore__c: source '${body.zip}': the source gives text, "
                        + "the field is a number field (double(3,0))",
                dir.resolve("lead.yaml") + ":9: field MetOn__c: source '${body.leadScore}': the source gives a number, "
                        + "the field is a date field");
    }

    @Test
    void constantTooLongForItsFieldAndBadPicklistValueAreRefused() throws Exception {
        List<MappingProblem> problems = problems("""
                object: Lead
                predefined:
                  Routing__c: routed to the field sales team of the northern region
                  Status: Hot
                  Rating: Warm
                fields:
                  - target: LastName
                    source: ${body.lastName}
                  - target: Company
                    source: ${body.company}
                """);

        assertThat(problems).extracting(MappingProblem::toString).containsExactly(
                dir.resolve("lead.yaml") + ":3: field Routing__c: value 'routed to the field sales team of the…' is 53 "
                        + "characters long; the field takes at most 40",
                dir.resolve("lead.yaml") + ":4: field Status: value 'Hot' is not a value of the restricted picklist; "
                        + "allowed: Open - Not Contacted, Working - Contacted, Closed - Converted, Closed - Not Converted");
    }

    @Test
    void readOnlyTargetsMissingRequiredFieldsAndBadSourcesAreRefused() throws Exception {
        List<MappingProblem> problems = problems("""
                object: Lead
                fields:
                  - target: LastName
                    source: ${body.lastName}
                  - target: IsConverted
                    source: ${body.notes}
                  - target: Title
                    source: ${body.jobTitle}
                """);

        assertThat(problems).extracting(MappingProblem::toString).satisfiesExactly(
                p -> assertThat(p).endsWith("lead.yaml: field Company: Lead requires Company on create, and no rule of "
                        + "the template sets it"),
                p -> assertThat(p).endsWith("lead.yaml:5: field IsConverted: Lead.IsConverted cannot be set on create "
                        + "(not createable)"),
                p -> assertThat(p).contains("lead.yaml:7: field Title: source '${body.jobTitle}' cannot be evaluated on a contact"));
    }

    @Test
    void eachRecordIsCheckedBeforeItIsSent() throws Exception {
        MappingTemplates templates = new MappingTemplates(camel, "routes/mappings");
        Contact contact = new Contact(1L, null, "Ada", "Lovelace", "ada@example.com", null, "+44 20 7946 0018",
                "Engines", "Chief Technology Officer of the Analytical Engines Company and of all its subsidiaries in Europe, "
                + "America, Asia, Africa and Oceania", null, null, null, null, null, null, null, null, LocalDate.of(2026, 11, 3), null,
                1200, Map.of("Routing__c", "x", "Unknown__c", "y"));
        Map<String, Object> record = templates.forObject("Lead").create(camel, contact);

        List<String> misfits = MappingCheck.fit(describes().get("Lead"), record, false);

        assertThat(record).containsEntry("MetOn__c", "2026-11-03").containsEntry("Routing__c", "mobile");
        assertThat(misfits).containsExactlyInAnyOrder(
                "Lead.Title: 'Chief Technology Officer of the Analy…' is 131 characters long; the field takes at most 128",
                "Lead.LeadScore__c: 1200 does not fit the field (double(3,0), at most 3 digits before the decimal point)",
                "Lead.Unknown__c: the org has no such field");
    }
}
