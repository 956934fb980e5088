package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Salesforce page in simulator mode (the default start): it says that Connect goes to the built-in
 * simulator, offers no environment to choose, and connects through the simulator's sign-in; a user is
 * told the page is for admins.
 */
class SalesforcePageSimulatorTest extends EndToEndTest {

    private static final Duration PAGE = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    private ChromiumBrowser browser;

    @BeforeEach
    void noConnection() {
        ChromiumBrowser.assumeInstalled();
        jdbc.update("delete from salesforce_connection");
    }

    @AfterEach
    void closeBrowser() {
        jdbc.update("delete from salesforce_connection");
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void saysTheSimulatorIsTheEnvironmentAndConnectsThroughItsSignIn() {
        browser = ChromiumBrowser.start("http://localhost:" + port + "/", "admin", ADMIN_PASSWORD);
        browser.open("salesforce.html");
        WebElement note = browser.driver().findElement(By.id("simulator-note"));
        browser.waitUpTo(PAGE).until(ExpectedConditions.visibilityOf(note));
        assertThat(note.getText()).startsWith("Simulator mode").contains(simulator.loginUrl());
        assertThat(browser.driver().findElement(By.id("connection-state")).getText())
                .isEqualTo("The built-in simulator; no org connected");
        assertThat(browser.driver().findElement(By.id("environment")).isDisplayed()).as("nothing to choose").isFalse();

        browser.driver().findElement(By.id("connect-button")).click();
        browser.waitUpTo(PAGE).until(ExpectedConditions.urlContains(simulator.loginUrl() + "/services/oauth2/authorize"));
        browser.driver().findElement(By.name("username")).sendKeys("integration@contactsync.local");
        browser.driver().findElement(By.name("password")).sendKeys("simulator");
        browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
        browser.waitUpTo(PAGE).withMessage("the approve page")
                .until(ExpectedConditions.elementToBeClickable(By.id("oaapprove"))).click();
        browser.waitUpTo(PAGE).until(ExpectedConditions.urlContains("/salesforce.html?salesforce=connected"));
        browser.waitUpTo(PAGE).until(d -> !d.findElements(By.cssSelector("dd[data-field='username']")).isEmpty());
        assertThat(browser.driver().findElement(By.cssSelector("dd[data-field='username']")).getText())
                .isEqualTo("integration@contactsync.local");
        assertThat(browser.driver().findElement(By.cssSelector("dd[data-field='instanceUrl']")).getText())
                .isEqualTo(simulator.loginUrl());
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aUserIsToldThePageIsForAdmins() {
        browser = ChromiumBrowser.start("http://localhost:" + port + "/", "alice", ALICE_PASSWORD);
        browser.open("salesforce.html");
        browser.waitUpTo(PAGE).until(d -> d.findElement(By.id("connection-state")).getText()
                .equals("Only admins see and change the Salesforce connection."));
        assertThat(browser.driver().findElement(By.id("signed-in-as")).getText()).isEqualTo("alice · alice.seller@example.com");
    }
}
