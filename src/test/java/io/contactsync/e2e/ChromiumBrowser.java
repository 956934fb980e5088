package io.contactsync.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from the distribution's packages ({@code chromium}, {@code chromium-driver}),
 * driven through its own chromedriver: nothing is downloaded. The one place that knows how the
 * browser starts and how it signs in to the service.
 */
final class ChromiumBrowser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;

    private ChromiumBrowser(ChromeDriver driver, Path profile, String baseUrl) {
        this.driver = driver;
        this.profile = profile;
        this.baseUrl = baseUrl;
    }

    /** Skips the calling test, with the reason, where Chromium or its driver is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(chromium().isPresent() && chromedriver().isPresent(),
                "Chromium and chromedriver are not installed: apt-get install -y chromium chromium-driver (.ci/run does so)");
    }

    /**
     * Starts a fresh browser (new profile, no network of its own) for the service at {@code baseUrl}
     * and signs in as {@code username} on the sign-in page, as a person does; the session cookie then
     * carries the page's own calls to the API.
     */
    static ChromiumBrowser start(String baseUrl, String username, String password) {
        ChromiumBrowser browser = startSignedOut(baseUrl);
        try {
            browser.signIn(username, password);
            browser.waitUpTo(Duration.ofSeconds(15)).withMessage(() -> "signed in as " + username + ", the page shows: "
                            + browser.driver.findElement(By.tagName("main")).getText())
                    .until(d -> !d.findElements(By.id("contacts")).isEmpty());
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
        return browser;
    }

    /** Starts a fresh browser, not signed in. */
    static ChromiumBrowser startSignedOut(String baseUrl) {
        assumeInstalled();
        Path profile;
        try {
            profile = Files.createTempDirectory("contactsync-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium().orElseThrow().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,860", "--lang=en-GB");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        // both paths given: Selenium Manager is never asked to find or fetch a driver
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver().orElseThrow().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return new ChromiumBrowser(driver, profile, baseUrl);
    }

    /** Fills and sends the sign-in form (plain WebDriver, no DevTools: any Chromium version will do). */
    void signIn(String username, String password) {
        open("login");
        WebElement name = waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.elementToBeClickable(By.id("username")));
        name.clear();
        name.sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in-button")).click();
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Opens a page of the service; {@code path} is relative to its root. */
    void open(String path) {
        driver.get(baseUrl + path);
    }

    /** Waits for a condition; rows the page redraws meanwhile are looked up again. */
    WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Errors the page's scripts logged (uncaught exceptions, failed requests). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary profile left behind is harmless
            }
        }
    }

    private static Optional<Path> chromium() {
        return onPath("chromium", "chromium-browser");
    }

    private static Optional<Path> chromedriver() {
        return onPath("chromedriver");
    }

    private static Optional<Path> onPath(String... names) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        return Stream.of(names)
                .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
