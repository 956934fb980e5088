package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Import on the contact page (import.js) in headless Chromium: the per-row answer shown, the table's Source column. */
class ImportPageTest extends EndToEndTest {

    @LocalServerPort
    int port;
    @TempDir
    Path dir;
    private ChromiumBrowser browser;

    @BeforeEach
    void needsChromium() {
        ChromiumBrowser.assumeInstalled();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void uploadsAFileShowsEachRefusedRowWithItsReasonAndTheImportedContactsWithTheirSource() throws Exception {
        store(contact("Ada", "Lovelace", "ada@example.com", "Engines Ltd", null));
        Path csv = dir.resolve("fair.csv");
        Files.writeString(csv, "First Name;Last Name;E-mail;Company\nGrace;Hopper;grace@example.com;US Navy\n"
                + "Bob;;bob@;Acme\n", StandardCharsets.UTF_8);
        browser = ChromiumBrowser.start("http://localhost:" + port + "/", "admin", ADMIN_PASSWORD);
        browser.open("");
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#contacts tbody tr")).size() == 1);

        browser.driver().findElement(By.id("import-file")).sendKeys(csv.toString());

        var result = browser.driver().findElement(By.id("import-result"));
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> result.isDisplayed());
        assertThat(result.getText()).contains("fair.csv: 1 contact stored, 0 already there, 1 refused")
                .contains("Row 2 (email): email 'bob@' is not an email address");
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#contacts tbody tr")).size() == 2);
        assertThat(browser.driver().findElements(By.cssSelector("#contacts tbody td.source-col")))
                .extracting(e -> e.getText()).containsExactly("import", "api");
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("import");
    }
}
