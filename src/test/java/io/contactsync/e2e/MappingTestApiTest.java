package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/** POST /api/mapping/test against the simulator, with template files edited between calls. */
@TestPropertySource(properties = "contactsync.mapping.dir=" + MappingTestApiTest.DIR)
class MappingTestApiTest extends EndToEndTest {

    static final String DIR = "target/e2e-mappings/mapping-test";

    static {
        copyShippedTemplates();
    }

    @BeforeEach
    void shippedTemplates() {
        copyShippedTemplates();
    }

    private static void copyShippedTemplates() {
        try {
            Files.createDirectories(Path.of(DIR));
            for (String file : List.of("lead.yaml", "contact.yaml", "account.yaml")) {
                Files.copy(Path.of("routes/mappings", file), Path.of(DIR, file), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode mappingTest() {
        ResponseEntity<String> answer = post("/api/mapping/test", "");
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        return read(answer.getBody());
    }

    @Test
    void createsReadsBackAndDeletesOneDummyOfEachObject() {
        JsonNode answer = mappingTest();

        assertThat(answer.get("success").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.get("problems")).isEmpty();
        assertThat(answer.get("objects")).extracting(o -> o.get("object").asText())
                .containsExactly("Lead", "Contact", "Account");
        answer.get("objects").forEach(o -> {
            assertThat(o.get("success").asBoolean()).as(o.toString()).isTrue();
            assertThat(o.get("created").asBoolean() && o.get("readBack").asBoolean() && o.get("deleted").asBoolean()).isTrue();
        });
        JsonNode lead = answer.get("objects").get(0);
        assertThat(lead.get("id").asText()).startsWith("00Q");
        assertThat(lead.get("fields").get("LeadSource").asText()).isEqualTo("contact-sync");
        assertThat(lead.get("fields").get("Routing__c").asText()).isEqualTo("mobile");
        assertThat(lead.get("fields").get("LeadScore__c").asInt()).isEqualTo(42);
        assertThat(simulator.records("Lead")).isEmpty();
        assertThat(simulator.records("Contact")).isEmpty();
        assertThat(simulator.records("Account")).isEmpty();
        assertThat(simulator.callCounts()).containsEntry("describe", 3L).containsEntry("sobject-create", 3L)
                .containsEntry("sobject-get", 3L).containsEntry("sobject-delete", 3L);
    }

    @Test
    void templateThatDoesNotFitTheOrgIsReportedAndNothingIsCreated() throws IOException {
        Files.writeString(Path.of(DIR, "lead.yaml"), """
                object: Lead
                fields:
                  - target: LastName
                    source: ${body.lastName}
                  - target: Company
                    source: ${body.company}
                  - target: Titel
                    source: ${body.title}
                  - target: LeadScore__c
                    source: ${body.city}
                predefined:
                  Routing__c: routed to the field sales team of the northern region
                """);

        JsonNode answer = mappingTest();

        assertThat(answer.get("success").asBoolean()).isFalse();
        assertThat(answer.get("problems")).extracting(p -> p.get("text").asText()).containsExactly(
                DIR + "/lead.yaml:7: field Titel: Lead has no field 'Titel' (did you mean Title?)",
                DIR + "/lead.yaml:9: field LeadScore__c: source '${body.city}': the source gives text, the field is a "
                        + "number field (double(3,0))",
                DIR + "/lead.yaml:12: field Routing__c: value 'routed to the field sales team of the…' is 53 characters "
                        + "long; the field takes at most 40");
        assertThat(answer.get("problems").get(0).get("line").asInt()).isEqualTo(7);
        assertThat(answer.get("problems").get(0).get("field").asText()).isEqualTo("Titel");
        assertThat(answer.get("objects")).isEmpty();
        assertThat(simulator.callCounts()).doesNotContainKey("sobject-create");
    }

    @Test
    void salesforceErrorIsAnsweredPerObject() throws IOException {
        Files.writeString(Path.of(DIR, "lead.yaml"), Files.readString(Path.of(DIR, "lead.yaml")) + """
                  - when: ${body.email} != null
                    set:
                      Email: not an address
                """);

        JsonNode answer = mappingTest();

        assertThat(answer.get("success").asBoolean()).isFalse();
        JsonNode lead = answer.get("objects").get(0);
        assertThat(lead.get("success").asBoolean()).isFalse();
        assertThat(lead.get("created").asBoolean()).isFalse();
        assertThat(lead.get("errorCode").asText()).isEqualTo("INVALID_EMAIL_ADDRESS");
        assertThat(lead.get("error").asText()).contains("invalid email address: not an address");
        assertThat(answer.get("objects").get(1).get("success").asBoolean()).isTrue();
        assertThat(answer.get("objects").get(2).get("success").asBoolean()).isTrue();
        assertThat(simulator.records("Contact")).isEmpty();
    }
}
