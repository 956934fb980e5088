package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The drop folder (routes/sources/file-drop.camel.yaml) on the real service: CSV files become contacts
 * through contacts-ingest, refused rows come back with their reasons, a file dropped again stores nothing new.
 */
class FileDropSourceTest extends EndToEndTest {

    @TempDir
    static Path inbox;

    @DynamicPropertySource
    static void dropFolder(DynamicPropertyRegistry registry) {
        registry.add("contactsync.sources.file.enabled", () -> "true");
        registry.add("contactsync.sources.file.dir", () -> inbox.toString());
        registry.add("contactsync.sources.file.read-lock-check-interval", () -> "200");
        registry.add("contactsync.sources.file.read-lock-min-age", () -> "400ms");
        registry.add("contactsync.sources.file.poll-delay", () -> "200");
    }

    @BeforeEach
    void emptyInbox() throws IOException {
        jdbc.update("delete from camel_messageprocessed");
        try (var files = Files.walk(inbox)) {
            files.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(inbox)).forEach(p -> p.toFile().delete());
        }
    }

    private int fromFiles() {
        return jdbc.queryForObject("select count(*) from contact where source = 'file-drop'", Integer.class);
    }

    /** Drops the file and waits until the route has moved it to .done; answers the milliseconds that took. */
    private long drop(String name, byte[] content) throws IOException {
        Path done = inbox.resolve(".done").resolve(name);
        Files.deleteIfExists(done);
        long start = System.nanoTime();
        Files.write(inbox.resolve(name), content);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> Files.exists(done) && !Files.exists(inbox.resolve(name)));
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** 5,000 rows, ';'-separated with a BOM as Excel writes them: rows 100, 2000 and 4000 bad, rows 4999 and 5000 copies of 1 and 2. */
    private static byte[] fairExport() {
        List<String> lines = new ArrayList<>();
        lines.add("\uFEFFFirst Name;Last Name;E-mail;Company;Job Title;Phone;Mobile;City;Country;Notes;Badge");
        for (int i = 1; i <= 4998; i++) {
            String email = i == 100 ? "not-an-email" : "visitor" + i + "@example.com";
            String first = i == 2000 ? "X".repeat(41) : "Visitor" + i;
            if (i == 4000) {
                lines.add(";;;Nameless GmbH;Buyer;;;Berlin;Germany;no name, no email;B4000");
                continue;
            }
            lines.add(first + ";Fair;" + email + ";Company " + (i % 50) + ";Buyer;+49 30 555 " + i + ";;Berlin;Germany;"
                    + "\"met at the fair; stand " + i + "\";B" + i);
        }
        lines.add(lines.get(1));
        lines.add(lines.get(2));
        return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFairExportIsStoredOnceWithTheRefusedRowsListedAndTheSameFileAgainStoresNothing() throws IOException {
        byte[] csv = fairExport();

        long millis = drop("fair.csv", csv);

        assertThat(fromFiles()).isEqualTo(4995);
        assertThat(jdbc.queryForObject("select count(distinct source_key) from contact", Integer.class)).isEqualTo(4995);
        assertThat(jdbc.queryForObject("select count(*) from export_state where status = 'PENDING'", Integer.class))
                .isEqualTo(4995);
        System.out.printf("file-drop: 5,000 rows in %d ms from drop to .done (read lock waits >= 400 ms): %.0f rows/s%n",
                millis, 5000 * 1000.0 / millis);

        List<String> rejected = Files.readAllLines(inbox.resolve("fair.rejected.csv"), StandardCharsets.UTF_8);
        assertThat(rejected).hasSize(4);
        assertThat(rejected.get(0)).startsWith("row;reason;First Name;Last Name;E-mail");
        assertThat(rejected.get(1)).startsWith("100;email 'not-an-email' is not an email address;Visitor100;");
        // the reason holds the separator: it is quoted
        assertThat(rejected.get(2)).startsWith("2000;\"firstName is 41 characters long; Salesforce's FirstName takes at most 40\";");
        assertThat(rejected.get(3)).startsWith("4000;a contact needs at least a firstName, lastName or email;");

        JsonAssert.source(get("/api/contacts?search=visitor1@example.com").get("contacts").get(0), "file-drop");
        JsonAssert.source(get("/api/contacts/" + store(contact("Ada", "Lovelace", "ada@example.com", "Engines", null)).get(0)),
                "api");

        // the very same file again: skipped whole, moved to .done all the same
        drop("fair.csv", csv);
        assertThat(fromFiles()).isEqualTo(4995);

        // the same name with one new row: only that row is new, the others are known row by row
        byte[] grown = (new String(csv, StandardCharsets.UTF_8)
                + "Grace;Hopper;grace@example.com;Navy;Rear Admiral;;;Arlington;USA;;B9999\r\n").getBytes(StandardCharsets.UTF_8);
        drop("fair.csv", grown);
        assertThat(fromFiles()).isEqualTo(4996);
        assertThat(get("/api/contacts?search=grace@example.com").get("total").asInt()).isEqualTo(1);
    }

    @Test
    void commaSeparatedWithoutBomAndUsualColumnNamesIsRead() throws IOException {
        String csv = """
                Email,First Name,Last Name,Title,Company,Mobile
                lin@example.com,Lin,Wu,Head of Sales,"Wu, Sons & Co",+1 555 0100
                """;

        drop("crm-export.csv", csv.getBytes(StandardCharsets.UTF_8));

        var contact = get("/api/contacts?search=lin@example.com").get("contacts").get(0);
        assertThat(contact.get("firstName").asText()).isEqualTo("Lin");
        assertThat(contact.get("company").asText()).isEqualTo("Wu, Sons & Co");
        assertThat(contact.get("title").asText()).isEqualTo("Head of Sales");
        assertThat(contact.get("phoneMobile").asText()).isEqualTo("+1 555 0100");
        assertThat(Files.exists(inbox.resolve("crm-export.rejected.csv"))).isFalse();
    }

    @Test
    void aFileThatIsNotUtf8IsSetAsideInFailedAndStoresNothing() throws IOException {
        Files.write(inbox.resolve("latin1.csv"), "First Name;E-mail\nJos\u00e9;jose@example.com\n"
                .getBytes(StandardCharsets.ISO_8859_1));

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".failed").resolve("latin1.csv")));
        assertThat(fromFiles()).isZero();
    }

    /** Two vCard 3.0 cards and one 4.0 card, as address books export them; the third has no name and no email. */
    static final String VCARDS = """
            BEGIN:VCARD\r
            VERSION:3.0\r
            N:Lovelace;Ada;;Countess;\r
            FN:Ada Lovelace\r
            ORG:Analytical Engines Ltd;Research\r
            TITLE:Mathematician\r
            EMAIL;TYPE=INTERNET,WORK:ada@example.com\r
            TEL;TYPE=WORK,VOICE:+44 20 7946 0001\r
            TEL;TYPE=CELL:+44 7700 900001\r
            ADR;TYPE=WORK:;;12 St James's Square;London;;SW1Y 4LB;United Kingdom\r
            NOTE:Met at the Royal Society\\, stand 4\r
            END:VCARD\r
            BEGIN:VCARD\r
            VERSION:4.0\r
            FN:Grace Hopper\r
            N:Hopper;Grace;;;\r
            EMAIL;TYPE=work:grace@example.com\r
            TEL;VALUE=uri;TYPE="voice,cell":tel:+1-202-555-0100\r
            ORG:US Navy\r
            END:VCARD\r
            BEGIN:VCARD\r
            VERSION:3.0\r
            ORG:Nameless GmbH\r
            TEL:+49 30 555 0000\r
            END:VCARD\r
            """;

    @Test
    void aVcardFileBecomesContactsWithTheRefusedCardListedAndAgainStoresNothing() throws IOException {
        drop("cards.vcf", VCARDS.getBytes(StandardCharsets.UTF_8));

        assertThat(fromFiles()).isEqualTo(2);
        var ada = get("/api/contacts?search=ada@example.com").get("contacts").get(0);
        assertThat(ada.get("firstName").asText()).isEqualTo("Ada");
        assertThat(ada.get("lastName").asText()).isEqualTo("Lovelace");
        assertThat(ada.get("namePrefix").asText()).isEqualTo("Countess");
        assertThat(ada.get("company").asText()).isEqualTo("Analytical Engines Ltd");
        assertThat(ada.get("department").asText()).isEqualTo("Research");
        assertThat(ada.get("title").asText()).isEqualTo("Mathematician");
        assertThat(ada.get("phoneWork").asText()).isEqualTo("+44 20 7946 0001");
        assertThat(ada.get("phoneMobile").asText()).isEqualTo("+44 7700 900001");
        assertThat(ada.get("city").asText()).isEqualTo("London");
        assertThat(ada.get("zip").asText()).isEqualTo("SW1Y 4LB");
        assertThat(ada.get("notes").asText()).isEqualTo("Met at the Royal Society, stand 4");
        JsonAssert.source(ada, "file-drop");
        var grace = get("/api/contacts?search=grace@example.com").get("contacts").get(0);
        assertThat(grace.get("phoneMobile").asText()).isEqualTo("+1-202-555-0100");
        assertThat(grace.get("company").asText()).isEqualTo("US Navy");

        List<String> rejected = Files.readAllLines(inbox.resolve("cards.rejected.csv"), StandardCharsets.UTF_8);
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(1)).startsWith("3;a contact needs at least a firstName, lastName or email;")
                .contains("Nameless GmbH");

        // the same file again: skipped whole
        drop("cards.vcf", VCARDS.getBytes(StandardCharsets.UTF_8));
        assertThat(fromFiles()).isEqualTo(2);
    }

    @Test
    void aMalformedVcardIsSetAsideWholeAndStoresNoCardOfIt() throws IOException {
        String missingEnd = VCARDS.substring(0, VCARDS.indexOf("BEGIN:VCARD\r\nVERSION:4.0"))
                + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Broken;Bob\r\nEMAIL:bob@example.com\r\n";
        Files.write(inbox.resolve("broken.vcf"), missingEnd.getBytes(StandardCharsets.UTF_8));
        String garbage = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ok;Olga\r\nEMAIL:olga@example.com\r\nthis line has no colon\r\nEND:VCARD\r\n";
        Files.write(inbox.resolve("garbage.vcf"), garbage.getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".failed").resolve("broken.vcf"))
                && Files.exists(inbox.resolve(".failed").resolve("garbage.vcf")));
        assertThat(fromFiles()).isZero();
    }

    @Test
    void excelsUnicodeTextUtf16WithBomAndTabsIsRead() throws IOException {
        String text = "\uFEFFFirst Name\tLast Name\tE-mail Address\tCompany\r\nJos\u00e9\tGarc\u00eda\tjose@example.com\tM\u00fcller & S\u00f6hne\r\n";

        drop("unicode.txt", text.getBytes(StandardCharsets.UTF_16LE));

        var jose = get("/api/contacts?search=jose@example.com").get("contacts").get(0);
        assertThat(jose.get("firstName").asText()).isEqualTo("Jos\u00e9");
        assertThat(jose.get("lastName").asText()).isEqualTo("Garc\u00eda");
        assertThat(jose.get("company").asText()).isEqualTo("M\u00fcller & S\u00f6hne");
    }

    /** Assertions on the JSON of a contact. */
    private static final class JsonAssert {
        static void source(com.fasterxml.jackson.databind.JsonNode contact, String source) {
            assertThat(contact.get("source").asText()).as(contact.toString()).isEqualTo(source);
        }
    }
}
