package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The contact page in headless Chromium against the whole service: statuses of seeded contacts, a
 * manual push of two of them followed to its end, the icons that change and the failure reason.
 */
class ContactsPageTest extends EndToEndTest {

    private static final Duration PAGE = Duration.ofSeconds(15);
    private static final Duration PUSH = Duration.ofSeconds(60);

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.ProducerTemplate camel;

    private ChromiumBrowser browser;
    private Duration latencyBefore;

    @BeforeEach
    void needsChromium() {
        ChromiumBrowser.assumeInstalled();
        latencyBefore = simulator.settings().getLatency();
    }

    /** Opens the contact page in a fresh browser signed in as this user. */
    private void openPageAs(String username, String password) {
        browser = ChromiumBrowser.start("http://localhost:" + port + "/", username, password);
        browser.open("");
    }

    @AfterEach
    void closeBrowser() {
        simulator.settings().setLatency(latencyBefore);
        if (browser != null) {
            browser.close();
        }
    }

    private WebElement exportButton(long contactId) {
        return browser.driver().findElement(By.cssSelector("tr[data-id='" + contactId + "'] button.export"));
    }

    private String shownStatus(long contactId) {
        return exportButton(contactId).getAttribute("data-status");
    }

    private void waitForStatus(long contactId, String status, Duration timeout) {
        browser.waitUpTo(timeout).withMessage(() -> "contact " + contactId + " shown as " + status)
                .until(d -> status.equals(shownStatus(contactId)));
    }

    private List<Long> shownIds() {
        return browser.driver().findElements(By.cssSelector("#contacts tbody tr")).stream()
                .map(tr -> Long.valueOf(tr.getAttribute("data-id"))).toList();
    }

    private WebElement popoverField(String field) {
        return browser.driver().findElement(By.cssSelector("#popover dd[data-field='" + field + "']"));
    }

    /** The popover shows the contact's current state, read from GET /api/contacts/{id}. */
    private void waitForDetailsOf(WebElement popover, long contactId) {
        browser.waitUpTo(PAGE).withMessage(() -> "details of contact " + contactId)
                .until(d -> popover.isDisplayed() && String.valueOf(contactId).equals(popover.getAttribute("data-id"))
                        && "true".equals(popover.getAttribute("data-current")));
    }

    @Test
    void showsTheStatusesPushesTwoContactsAndFollowsThePushToItsEnd() {
        List<Long> earlier = store("[" + String.join(",",
                contact("Ada", "Lovelace", "ada@example.com", "Engines Ltd", "alice.seller@example.com"),
                contact("Grace", "Hopper", "grace@example.com", "Navy", null),
                contact("Kay", "Known", "kay@example.com", "Known Co", null)) + "]");
        simulator.create("Lead", Map.of("LastName", "Known", "Company", "Known Co", "Email", "kay@example.com"));
        push(earlier, "seed@example.com");
        List<Long> fresh = store("[" + String.join(",",
                contact("Alan", "Turing", "alan@example.com", "Bletchley Park", "alice.seller@example.com"),
                contact("Nora", "Nocompany", "nora@example.com", null, null),
                contact("Edsger", "Dijkstra", "edsger@example.com", "Eindhoven University", null)) + "]");
        long ada = earlier.get(0);
        long kay = earlier.get(2);
        long alan = fresh.get(0);
        long nora = fresh.get(1);
        long edsger = fresh.get(2);

        openPageAs("admin", ADMIN_PASSWORD);
        browser.waitUpTo(PAGE).until(d -> shownIds().size() == 6);
        browser.waitUpTo(PAGE).withMessage("the simulator banner")
                .until(d -> d.findElement(By.id("simulator-banner")).isDisplayed());

        assertThat(shownStatus(ada)).isEqualTo("EXPORTED");
        assertThat(shownStatus(kay)).isEqualTo("DUPLICATE");
        assertThat(shownStatus(alan)).isEqualTo("PENDING");
        assertThat(shownStatus(nora)).isEqualTo("PENDING");
        assertThat(exportButton(ada).getText()).isEqualTo("Exported");
        WebElement pushButton = browser.driver().findElement(By.id("push"));
        assertThat(pushButton.isEnabled()).as("nothing ticked yet").isFalse();

        // a slow Salesforce, so that the page shows the push under way
        simulator.settings().setLatency(Duration.ofMillis(700));
        browser.driver().findElement(By.cssSelector("tr[data-id='" + alan + "'] input.pick")).click();
        browser.driver().findElement(By.cssSelector("tr[data-id='" + nora + "'] input.pick")).click();
        // filled in with the signed-in user's email; another address may be typed instead
        WebElement requestedBy = browser.driver().findElement(By.id("requested-by"));
        browser.waitUpTo(PAGE).withMessage("the admin's email filled in")
                .until(d -> "admin@example.com".equals(requestedBy.getAttribute("value")));
        assertThat(browser.driver().findElement(By.id("signed-in-as")).getText()).isEqualTo("admin · admin@example.com");
        requestedBy.clear();
        requestedBy.sendKeys("requester@example.com");
        assertThat(browser.driver().findElement(By.id("selection")).getText()).isEqualTo("2 selected");
        assertThat(pushButton.isEnabled()).isTrue();
        pushButton.click();

        WebElement progress = browser.driver().findElement(By.id("progress"));
        browser.waitUpTo(PAGE).until(ExpectedConditions.visibilityOf(progress));
        waitForStatus(alan, "EXPORTING", PAGE);
        assertThat(progress.getAttribute("data-finished")).as("still running").isNull();
        assertThat(browser.driver().findElement(By.id("progress-text")).getText()).startsWith("Pushing to Salesforce");
        assertThat(pushButton.isEnabled()).as("one push at a time").isFalse();

        browser.waitUpTo(PUSH).withMessage("the push to finish on the page")
                .until(d -> "true".equals(progress.getAttribute("data-finished")));

        assertThat(browser.driver().findElement(By.id("progress-bar")).getAttribute("aria-valuenow")).isEqualTo("100");
        assertThat(browser.driver().findElement(By.id("progress-text")).getText())
                .isEqualTo("Done: 2 of 2 settled");
        waitForStatus(alan, "EXPORTED", PAGE);
        waitForStatus(nora, "FAILED", PAGE);
        assertThat(shownStatus(edsger)).as("not ticked, not pushed").isEqualTo("PENDING");
        String summary = browser.driver().findElement(By.id("summary")).getText();
        assertThat(summary).contains("1 exported").contains("0 duplicates").contains("1 failed")
                .contains("Nora Nocompany").contains("a Lead needs a company").contains("requester@example.com");

        exportButton(nora).click();
        WebElement popover = browser.driver().findElement(By.id("popover"));
        waitForDetailsOf(popover, nora);
        assertThat(popover.getText()).contains("Failed · Nora Nocompany");
        assertThat(popoverField("Reason").getText()).contains("a Lead needs a company");
        assertThat(popoverField("Attempts").getText()).isEqualTo("1");
        assertThat(popoverField("When").getText()).isNotBlank();
        browser.screenshot("contacts");

        new Actions(browser.driver()).sendKeys(Keys.ESCAPE).perform();
        browser.waitUpTo(PAGE).until(ExpectedConditions.invisibilityOf(popover));
        exportButton(alan).click();
        waitForDetailsOf(popover, alan);
        assertThat(popoverField("Salesforce id").getText()).isEqualTo(export(alan).get("salesforceId").asText());
        assertThat(popoverField("Object").getText()).isEqualTo("Lead");
        // the record at the instance URL: here the simulator's, in org mode the connection's
        assertThat(popover.findElement(By.cssSelector("a.open-in-salesforce")).getAttribute("href"))
                .isEqualTo(simulator.loginUrl() + "/" + export(alan).get("salesforceId").asText());
        assertThat(browser.driver().findElements(By.cssSelector("#popover dd[data-field='Reason']"))).isEmpty();
        browser.driver().findElement(By.tagName("h1")).click();
        browser.waitUpTo(PAGE).until(ExpectedConditions.invisibilityOf(popover));

        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void searchesAndFiltersByStatus() {
        List<Long> ids = store("[" + String.join(",",
                contact("Ada", "Lovelace", "ada@example.com", "Engines Ltd", null),
                contact("Nora", "Nocompany", "nora@example.com", null, null),
                contact("Alan", "Turing", "alan@example.com", "Bletchley Park", null)) + "]");
        push(ids.subList(0, 2), "seed@example.com");

        openPageAs("admin", ADMIN_PASSWORD);
        browser.waitUpTo(PAGE).until(d -> shownIds().size() == 3);

        browser.driver().findElement(By.id("search")).sendKeys("bletchley");
        browser.waitUpTo(PAGE).until(d -> shownIds().equals(List.of(ids.get(2))));
        assertThat(browser.driver().findElement(By.id("range")).getText()).isEqualTo("1–1 of 1");
        browser.driver().findElement(By.id("search")).clear();
        browser.driver().findElement(By.id("search")).sendKeys(" ");
        browser.waitUpTo(PAGE).until(d -> shownIds().size() == 3);

        new Select(browser.driver().findElement(By.id("status"))).selectByValue("FAILED");
        browser.waitUpTo(PAGE).until(d -> shownIds().equals(List.of(ids.get(1))));
        new Select(browser.driver().findElement(By.id("status"))).selectByValue("EXPORTED");
        browser.waitUpTo(PAGE).until(d -> shownIds().equals(List.of(ids.get(0))));
        new Select(browser.driver().findElement(By.id("status"))).selectByValue("DUPLICATE");
        browser.waitUpTo(PAGE).until(d -> shownIds().isEmpty());
        assertThat(browser.driver().findElement(By.id("empty")).isDisplayed()).isTrue();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aWrongPasswordIsShownOnTheSignInPageAndSignOutEndsTheSession() {
        browser = ChromiumBrowser.startSignedOut("http://localhost:" + port + "/");
        browser.open("");
        browser.waitUpTo(PAGE).withMessage("sent to the sign-in page").until(ExpectedConditions.urlMatches("/login$"));

        browser.signIn("alice", "not-her-password");
        WebElement message = browser.driver().findElement(By.id("message"));
        browser.waitUpTo(PAGE).until(ExpectedConditions.visibilityOf(message));
        assertThat(message.getText()).isEqualTo("wrong user name or password");

        browser.signIn("alice", ALICE_PASSWORD);
        browser.waitUpTo(PAGE).withMessage("the contact page").until(d -> !d.findElements(By.id("contacts")).isEmpty());
        browser.driver().findElement(By.id("sign-out-button")).click();
        browser.waitUpTo(PAGE).withMessage("signed out").until(ExpectedConditions.urlMatches("/login\\?signed-out$"));
        assertThat(browser.driver().findElement(By.id("note")).getText()).isEqualTo("You are signed out.");
        browser.open("");
        browser.waitUpTo(PAGE).withMessage("signed out for good").until(ExpectedConditions.urlMatches("/login$"));
    }

    @Test
    void aUserWhoMayNotPushSeesTheContactsAndTheServicesReason() {
        List<Long> ids = store("[" + contact("Mine", "One", "mine@example.com", "Co", "alice.seller@example.com") + "]");

        openPageAs("alice", ALICE_PASSWORD);
        browser.waitUpTo(PAGE).until(d -> shownIds().equals(ids));
        browser.driver().findElement(By.cssSelector("tr[data-id='" + ids.get(0) + "'] input.pick")).click();
        browser.waitUpTo(PAGE).withMessage("alice's email filled in as the requester")
                .until(d -> "alice.seller@example.com".equals(d.findElement(By.id("requested-by")).getAttribute("value")));
        assertThat(browser.driver().findElement(By.id("salesforce-link")).isDisplayed()).as("admins only").isFalse();
        browser.driver().findElement(By.id("push")).click();

        WebElement message = browser.driver().findElement(By.id("message"));
        browser.waitUpTo(PAGE).until(ExpectedConditions.visibilityOf(message));
        assertThat(message.getText()).startsWith("Push refused:").contains("only admins may push");
        assertThat(browser.driver().findElement(By.id("progress")).isDisplayed()).isFalse();
        assertThat(shownStatus(ids.get(0))).isEqualTo("PENDING");
        assertThat(export(ids.get(0)).get("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void theDetailsShowARecordDeletedInSalesforceAndTheContactsActivities() throws Exception {
        long ada = store(contact("Ada", "Lovelace", "ada@example.com", "Engines Ltd", null)).get(0);
        push(List.of(ada), "seed@example.com");
        post("/api/contacts/" + ada + "/activities", "{\"externalId\": \"c1\", \"type\": \"call\", "
                + "\"occurredAt\": \"2026-11-30T10:00:00Z\", \"subject\": \"First call\"}");
        camel.sendBody("direct:activities-drain", null);
        // a sales rep deletes the Lead in Salesforce; the pull reads it
        java.net.http.HttpResponse<String> deleted = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(simulator.loginUrl()
                        + "/__admin/as/alice.seller@example.com/records/Lead/" + export(ada).get("salesforceId").asText()))
                        .DELETE().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        camel.sendBody("direct:sync-pull", null);
        post("/api/contacts/" + ada + "/activities", "{\"externalId\": \"c2\", \"type\": \"meeting\", "
                + "\"occurredAt\": \"2026-12-01T10:00:00Z\", \"subject\": \"Lunch\"}");
        camel.sendBody("direct:activities-drain", null);
        openPageAs("admin", ADMIN_PASSWORD);
        browser.waitUpTo(PAGE).until(d -> "DELETED_IN_SALESFORCE".equals(shownStatus(ada)));

        exportButton(ada).click();

        WebElement popover = browser.driver().findElement(By.id("popover"));
        waitForDetailsOf(popover, ada);
        assertThat(popover.getText()).contains("Deleted in Salesforce · Ada Lovelace");
        assertThat(popoverField("Reason").getText()).contains("was deleted in Salesforce");
        List<WebElement> activities = browser.driver().findElements(By.cssSelector("#popover ul.activities li"));
        assertThat(activities).hasSize(2);
        assertThat(activities.get(0).getText()).contains("First call").contains("Exported");
        assertThat(activities.get(1).getText()).contains("Lunch").contains("Failed").contains("deleted in Salesforce");
        browser.screenshot("contact-details");
    }
}
