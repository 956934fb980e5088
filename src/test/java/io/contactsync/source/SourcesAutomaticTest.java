package io.contactsync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.e2e.EndToEndTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Automatic mode: contacts from a source are pushed as soon as contacts-ingest stores them, like those
 * of the REST API (the same settings as AutomaticSyncTest, so both share one context).
 */
@TestPropertySource(properties = {"contactsync.sync.mode=automatic", "contactsync.sync.target=Contact",
        "contactsync.mail.admins=admin@example.com"})
class SourcesAutomaticTest extends EndToEndTest {

    @Test
    void anImportedFileIsPushedWithoutAnyoneAsking() {
        String card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Hopper;Grace;;;\r\nEMAIL:grace@example.com\r\nORG:US Navy\r\nEND:VCARD\r\n";
        LinkedMultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(card.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "grace.vcf";
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        headers.set("X-Requested-With", "test");

        JsonNode report = read(http.postForEntity("/api/contacts/import", new HttpEntity<>(form, headers), String.class).getBody());
        long id = report.get("contacts").get(0).get("id").asLong();

        await().atMost(Duration.ofSeconds(20)).until(() -> "EXPORTED".equals(export(id).get("status").asText()));
        assertThat(export(id).get("object").asText()).isEqualTo("Contact");
        assertThat(simulator.records("Contact")).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("Email", "grace@example.com"));
    }
}
