package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.salesforce.SecretBox;
import io.contactsync.simulator.InMemoryOrg;
import io.contactsync.simulator.SalesforceSimulator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Salesforce and settings pages in headless Chromium against the service in org mode, whose org is a
 * simulator of the test's own: an admin connects through the org's sign-in page and sees the connection;
 * the org revokes the app, the contact page shows "Reconnect Salesforce", pushes answer 503, and after a
 * reconnect the contacts that waited go out. The settings page switches the sync mode and shows the audit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "contactsync.salesforce.mode=org", "contactsync.salesforce.client-id=contact-sync",
    "contactsync.secret-key-file=target/test-secret-key"})
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class SalesforcePageTest {

    private static final SalesforceSimulator ORG = InMemoryOrg.start();
    private static final Duration PAGE = Duration.ofSeconds(15);
    private static final String ADMIN_PASSWORD = "admin-secret";

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate anonymous;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SecretBox secrets;

    private TestRestTemplate admin;
    private ChromiumBrowser browser;

    @DynamicPropertySource
    static void org(DynamicPropertyRegistry registry) {
        registry.add("contactsync.salesforce.login-url", ORG::loginUrl);
    }

    @AfterAll
    static void stopOrg() {
        ORG.stop();
    }

    @BeforeEach
    void notConnected() {
        ChromiumBrowser.assumeInstalled();
        admin = anonymous.withBasicAuth("admin", ADMIN_PASSWORD);
        jdbc.update("delete from salesforce_connection");
        jdbc.execute("truncate contact, push, mail_outbox restart identity cascade");
    }

    /** Every setting back to its configured value, the connection forgotten: the database is shared with other tests. */
    @AfterEach
    void cleanUp() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            putSettings("""
                    {"contactsync.sync.mode": null, "contactsync.sync.target": null, "contactsync.duplicates.policy": null,
                     "contactsync.owner.fallback": null, "contactsync.rights.users-can-push": null,
                     "contactsync.activities.types": null}""");
            jdbc.update("delete from salesforce_connection");
        }
    }

    @Test
    void connectsThroughTheOrgsSignInAndAfterARevokeReconnectsAndThePendingContactsGoOut(CapturedOutput output)
            throws Exception {
        browser = ChromiumBrowser.start("http://localhost:" + port + "/", "admin", ADMIN_PASSWORD);
        browser.open("salesforce.html");
        WebElement state = browser.driver().findElement(By.id("connection-state"));
        browser.waitUpTo(PAGE).until(d -> state.getText().startsWith("Not connected"));
        assertThat(browser.driver().findElement(By.id("simulator-note")).isDisplayed()).as("org mode").isFalse();

        connectAs("alice.seller@example.com");
        assertThat(browser.driver().findElement(By.id("note")).getText()).isEqualTo("Salesforce is connected.");
        assertThat(field("orgId")).startsWith("00D").hasSize(18);
        assertThat(field("instanceUrl")).isEqualTo(ORG.loginUrl());
        assertThat(field("loginUrl")).isEqualTo(ORG.loginUrl());
        assertThat(field("connectedBy")).isEqualTo("admin");
        assertThat(field("connectedAt")).isNotBlank();
        assertThat(browser.driver().findElement(By.id("disconnect")).isDisplayed()).isTrue();
        assertThat(browser.driver().findElement(By.id("connect-title")).getText()).isEqualTo("Reconnect Salesforce");
        browser.screenshot("salesforce");
        String firstToken = storedToken();
        assertThat(browser.driver().getPageSource()).doesNotContain(firstToken);

        // automatic mode: a new contact goes out at once
        putSettings("{\"contactsync.sync.mode\": \"automatic\"}");
        long before = storeContact("Ada", "ada@example.com");
        awaitStatus(before, "EXPORTED", Duration.ofSeconds(30));

        // the org's admin revokes the app: sessions and the refresh token
        ORG.revokeTokens();
        HttpResponse<String> revoked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(ORG.loginUrl() + "/services/oauth2/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(firstToken, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).isEqualTo(200);
        long waiting = storeContact("Grace", "grace@example.com");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> connection().get("needsReconnect").asBoolean());
        assertThat(connection().get("loginFailure").asText()).contains("invalid_grant");
        assertThat(status(waiting)).isEqualTo("PENDING");
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> push = admin.postForEntity("/api/pushes", new HttpEntity<>(
                "{\"contactIds\": [" + waiting + "], \"requestedBy\": \"ops@example.com\"}", json), String.class);
        assertThat(push.getStatusCode().value()).isEqualTo(503);
        assertThat(push.getBody()).contains("Salesforce login fails", "reconnects Salesforce");
        assertThat(admin.getForObject("/actuator/health", String.class)).contains("\"status\":\"DOWN\"");

        // the contact page shows the banner to the admin; its link leads to the Salesforce page
        browser.open("");
        WebElement banner = browser.driver().findElement(By.id("reconnect-banner"));
        browser.waitUpTo(PAGE).withMessage("the reconnect banner").until(ExpectedConditions.visibilityOf(banner));
        assertThat(banner.getText()).contains("Reconnect Salesforce");
        browser.screenshot("reconnect-banner");
        banner.findElement(By.linkText("Reconnect Salesforce")).click();
        browser.waitUpTo(PAGE).until(ExpectedConditions.visibilityOfElementLocated(By.id("reconnect-banner")));
        assertThat(browser.driver().findElement(By.id("reconnect-banner")).getText()).contains("invalid_grant");

        connectAs("bob.closer@example.com");
        String secondToken = storedToken();
        assertThat(secondToken).isNotEqualTo(firstToken);
        assertThat(jdbc.queryForObject("select refresh_token_enc from salesforce_connection", String.class))
                .as("stored encrypted").doesNotContain(secondToken);
        // the next schedule finds Salesforce answering again and sends what waited
        awaitStatus(waiting, "EXPORTED", Duration.ofSeconds(30));
        assertThat(connection().get("needsReconnect").asBoolean()).isFalse();
        browser.open("");
        browser.waitUpTo(PAGE).until(d -> !d.findElements(By.cssSelector("#contacts tbody tr")).isEmpty());
        assertThat(browser.driver().findElement(By.id("reconnect-banner")).isDisplayed()).isFalse();

        // an exported contact opens at the connection's instance URL
        browser.driver().findElement(By.cssSelector("tr[data-id='" + waiting + "'] button.export")).click();
        WebElement open = browser.waitUpTo(PAGE).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#popover a.open-in-salesforce")));
        assertThat(open.getAttribute("href")).isEqualTo(ORG.loginUrl() + "/" + export(waiting).get("salesforceId").asText());

        // neither refresh token in a log line, an answer the pages read, or a page
        String seen = output.getAll() + connection() + admin.getForObject("/api/salesforce/instance", String.class)
                + admin.getForObject("/api/me", String.class) + browser.driver().getPageSource();
        assertThat(seen).doesNotContain(firstToken).doesNotContain(secondToken);
    }

    @Test
    void theSettingsPageSwitchesToAutomaticAndShowsTheChangeInTheAudit() {
        browser = ChromiumBrowser.start("http://localhost:" + port + "/", "admin", ADMIN_PASSWORD);
        browser.open("settings.html");
        WebElement mode = browser.waitUpTo(PAGE).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("select[data-key='contactsync.sync.mode']")));
        assertThat(new Select(mode).getFirstSelectedOption().getAttribute("value")).isEqualTo("manual");
        WebElement save = browser.driver().findElement(By.id("save"));
        assertThat(save.isEnabled()).as("nothing changed yet").isFalse();

        new Select(mode).selectByValue("automatic");
        browser.driver().findElement(By.cssSelector("[data-key='contactsync.activities.types'] input[value='note']")).click();
        assertThat(browser.driver().findElement(By.id("save-state")).getText()).isEqualTo("2 changes not saved");
        save.click();

        WebElement note = browser.driver().findElement(By.id("note"));
        browser.waitUpTo(PAGE).until(ExpectedConditions.visibilityOf(note));
        assertThat(note.getText()).startsWith("Saved: Sync mode, Activity types sent.");
        browser.waitUpTo(PAGE).until(d -> d.findElements(By.cssSelector("#audit tbody tr")).size() >= 2);
        List<String> audit = browser.driver().findElements(By.cssSelector("#audit tbody tr")).stream()
                .map(WebElement::getText).toList();
        assertThat(audit).anyMatch(row -> row.contains("admin") && row.contains("Sync mode") && row.contains("manual")
                && row.endsWith("automatic"));
        assertThat(browser.driver().findElement(By.cssSelector("tr[data-key='contactsync.sync.mode'] td.source")).getText())
                .startsWith("changed by admin");
        browser.screenshot("settings");
        JsonNode stored = read(admin.getForObject("/api/settings", String.class));
        assertThat(stored.get("settings").get(0).get("value").asText()).isEqualTo("automatic");
        assertThat(stored.get("settings").get(5).get("value").toString()).doesNotContain("\"note\"");
        assertThat(browser.consoleErrors()).isEmpty();

        // a user sees the values, changes nothing
        browser.close();
        browser = ChromiumBrowser.start("http://localhost:" + port + "/", "alice", "alice-secret");
        browser.open("settings.html");
        WebElement hers = browser.waitUpTo(PAGE).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("select[data-key='contactsync.sync.mode']")));
        browser.waitUpTo(PAGE).until(d -> "automatic".equals(new Select(hers).getFirstSelectedOption().getAttribute("value")));
        assertThat(hers.isEnabled()).isFalse();
        assertThat(browser.driver().findElement(By.id("save")).isDisplayed()).isFalse();
        assertThat(browser.driver().findElement(By.id("note")).getText()).startsWith("Only admins change the settings");
    }

    // ---- helpers

    /** Connect on the Salesforce page: My Domain = the test's org, its sign-in page, back to the page. */
    private void connectAs(String orgUser) {
        browser.waitUpTo(PAGE).until(ExpectedConditions.elementToBeClickable(By.id("connect-button")));
        WebElement domain = browser.driver().findElement(By.id("my-domain"));
        domain.click();
        domain.clear();
        domain.sendKeys(ORG.loginUrl());
        browser.driver().findElement(By.id("connect-button")).click();
        browser.waitUpTo(PAGE).withMessage("the org's sign-in page")
                .until(ExpectedConditions.urlContains(ORG.loginUrl() + "/services/oauth2/authorize"));
        browser.driver().findElement(By.name("username")).sendKeys(orgUser);
        browser.driver().findElement(By.name("password")).sendKeys("simulator");
        browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
        browser.waitUpTo(PAGE).withMessage("the approve page")
                .until(ExpectedConditions.elementToBeClickable(By.id("oaapprove"))).click();
        browser.waitUpTo(PAGE).withMessage("back on the Salesforce page")
                .until(ExpectedConditions.urlContains("/salesforce.html?salesforce=connected"));
        browser.waitUpTo(PAGE).withMessage("the connection shown")
                .until(d -> !d.findElements(By.cssSelector("dd[data-field='username']")).isEmpty()
                        && orgUser.equals(field("username")));
    }

    private String field(String name) {
        return browser.driver().findElement(By.cssSelector("#connection-details dd[data-field='" + name + "']")).getText();
    }

    private String storedToken() {
        return secrets.decrypt(jdbc.queryForObject("select refresh_token_enc from salesforce_connection", String.class));
    }

    private JsonNode connection() {
        return read(admin.getForObject("/api/salesforce/connection", String.class));
    }

    private void putSettings(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> answer = admin.exchange("/api/settings", HttpMethod.PUT, new HttpEntity<>(body, headers), String.class);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
    }

    private long storeContact(String first, String email) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> stored = admin.postForEntity("/api/contacts", new HttpEntity<>(
                "{\"firstName\": \"" + first + "\", \"lastName\": \"Tester\", \"company\": \"Co\", \"email\": \"" + email + "\"}",
                headers), String.class);
        assertThat(stored.getStatusCode().value()).as(stored.getBody()).isEqualTo(201);
        return read(stored.getBody()).get("ids").get(0).asLong();
    }

    private JsonNode export(long id) {
        return read(admin.getForObject("/api/contacts/" + id, String.class)).get("export");
    }

    private String status(long id) {
        return export(id).get("status").asText();
    }

    private void awaitStatus(long id, String status, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> status.equals(status(id)));
    }

    private static JsonNode read(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
