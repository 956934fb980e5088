package io.contactsync.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.e2e.EndToEndTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** POST /api/contacts/import over HTTP: an uploaded CSV or vCard file through contacts-ingest, answered per row. */
class ImportSourceTest extends EndToEndTest {

    private static final String FAIR = """
            First Name;Last Name;E-mail;Company;Job Title
            Ada;Lovelace;ada@example.com;Engines Ltd;Countess
            Bob;;bob@;Acme;Buyer
            Carla;Cruz;carla@example.com;Cruz & Co;CEO
            ;;;Nameless GmbH;
            """;

    private ResponseEntity<String> upload(String fileName, String type, byte[] content, boolean customHeader) {
        HttpHeaders part = new HttpHeaders();
        part.setContentType(MediaType.parseMediaType(type));
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new HttpEntity<>(new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return fileName;
            }
        }, part));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        if (customHeader) {
            headers.set("X-Requested-With", "test");
        }
        return http.postForEntity("/api/contacts/import", new HttpEntity<>(form, headers), String.class);
    }

    private int imported() {
        return jdbc.queryForObject("select count(*) from contact where source = 'import'", Integer.class);
    }

    @Test
    void aCsvFileIsStoredRowByRowWithTheRefusedRowsAndTheirReasonsAndAgainStoresNothing() {
        ResponseEntity<String> answer = upload("fair.csv", "text/csv", FAIR.getBytes(StandardCharsets.UTF_8), true);

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        JsonNode report = read(answer.getBody());
        assertThat(report.get("source").asText()).isEqualTo("import");
        assertThat(report.get("stored").asInt()).isEqualTo(2);
        assertThat(report.get("refused").asInt()).isEqualTo(2);
        JsonNode rows = report.get("contacts");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).get("status").asText()).isEqualTo("STORED");
        assertThat(rows.get(1).get("status").asText()).isEqualTo("REFUSED");
        assertThat(rows.get(1).get("field").asText()).isEqualTo("email");
        assertThat(rows.get(1).get("reason").asText()).isEqualTo("email 'bob@' is not an email address");
        assertThat(rows.get(3).get("reason").asText()).isEqualTo("a contact needs at least a firstName, lastName or email");
        assertThat(rows.get(0).get("key").asText()).startsWith("fair.csv:");
        JsonNode ada = get("/api/contacts/" + rows.get(0).get("id").asLong());
        assertThat(ada.get("source").asText()).isEqualTo("import");
        assertThat(ada.get("title").asText()).isEqualTo("Countess");
        assertThat(imported()).isEqualTo(2);

        JsonNode again = read(upload("fair.csv", "text/csv", FAIR.getBytes(StandardCharsets.UTF_8), true).getBody());
        assertThat(again.get("stored").asInt()).isZero();
        assertThat(again.get("duplicates").asInt()).isEqualTo(2);
        assertThat(imported()).isEqualTo(2);
    }

    @Test
    void aVcardFileIsImportedAndAMalformedOneIsRefusedWhole() {
        String card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Grace Hopper\r\nN:Hopper;Grace;;;\r\nEMAIL:grace@example.com\r\n"
                + "ORG:US Navy\r\nEND:VCARD\r\n";

        JsonNode report = read(upload("grace.vcf", "text/vcard", card.getBytes(StandardCharsets.UTF_8), true).getBody());
        assertThat(report.get("stored").asInt()).isEqualTo(1);
        assertThat(get("/api/contacts?search=grace@example.com").get("contacts").get(0).get("company").asText())
                .isEqualTo("US Navy");

        String broken = card + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Half;Written\r\nEMAIL:half@example.com\r\n";
        ResponseEntity<String> refused = upload("two.vcf", "text/vcard", broken.getBytes(StandardCharsets.UTF_8), true);
        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(read(refused.getBody()).get("error").asText())
                .isEqualTo("the file is not a well-formed vCard: 2 BEGIN:VCARD but 1 END:VCARD; nothing is stored");
        assertThat(imported()).isEqualTo(1);
    }

    @Test
    void wrongTypesAreRefusedWith415() {
        ResponseEntity<String> picture = upload("photo.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, true);
        assertThat(picture.getStatusCode().value()).isEqualTo(415);
        assertThat(read(picture.getBody()).get("error").asText())
                .isEqualTo("photo.png (image/png) is neither a CSV nor a vCard file (.csv, .txt, .vcf)");

        ResponseEntity<String> json = post("/api/contacts/import", contact("Ada", "Lovelace", "ada@example.com", null, null));
        // the REST DSL's consumes: multipart/form-data answers before the route
        assertThat(json.getStatusCode().value()).isEqualTo(415);

        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        headers.set("X-Requested-With", "test");
        ResponseEntity<String> raw = http.postForEntity("/api/contacts/import", new HttpEntity<>(FAIR, headers), String.class);
        assertThat(raw.getStatusCode().value()).isEqualTo(415);

        // multipart is what a cross-site form can send: without a header such a form cannot set, it is refused
        ResponseEntity<String> bare = upload("fair.csv", "text/csv", FAIR.getBytes(StandardCharsets.UTF_8), false);
        assertThat(bare.getStatusCode().value()).isEqualTo(415);
        assertThat(imported()).isZero();
    }

    @Test
    void aFileOverTheBodyLimitIsRefusedWith413AndEmptyOrUnreadableFilesWith400() {
        byte[] big = new byte[4 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        ResponseEntity<String> tooBig = upload("big.csv", "text/csv", big, true);
        assertThat(tooBig.getStatusCode().value()).isEqualTo(413);

        ResponseEntity<String> empty = upload("empty.csv", "text/csv", new byte[0], true);
        assertThat(empty.getStatusCode().value()).isEqualTo(400);
        assertThat(read(empty.getBody()).get("error").asText()).isEqualTo("empty.csv is empty");

        byte[] latin1 = "First Name;E-mail\nJos\u00e9;jose@example.com\n".getBytes(StandardCharsets.ISO_8859_1);
        ResponseEntity<String> notUtf8 = upload("latin1.csv", "text/csv", latin1, true);
        assertThat(notUtf8.getStatusCode().value()).isEqualTo(400);
        assertThat(read(notUtf8.getBody()).get("error").asText()).startsWith("the file is not UTF-8");
        assertThat(imported()).isZero();
    }
}
