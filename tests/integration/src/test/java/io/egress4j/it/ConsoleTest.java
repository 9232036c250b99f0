package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.testkit.TestProcesses;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console in a real (headless) Chromium, logged in as a user of admin.users (its hash made by egress
 * hash-password): a wrong password is refused; logged in, an egress started through the Egress API appears within a
 * second and turns ACTIVE without a reload, with its handler's CPU and memory and its latest thumbnail; Stop
 * (confirmed) ends it COMPLETE with its file. A stop without the form's CSRF token and a session replayed after
 * logout are refused, and the stop is in the audit log. The egress's log tail, its recording (served by the
 * console, seekable) and the node page (capacity; plugins, where one dropped into the plugins folder appears
 * without a reload; the configuration without its secret) are there too, and a web egress started from the layouts
 * page's form records until stopped. Screenshots of each page are kept in target/console-screenshots.
 */
class ConsoleTest {

    private static final String KEY = "APIconsole";
    private static final String SECRET = "console-test-secret-0123456789abcd";
    /** An operator of admin.users, with a password hashed by egress hash-password. */
    private static final String USER = "ops";
    private static final String PASSWORD = "ops-console-password";
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots");

    @TempDir
    Path dir;

    private TestPages pages;
    private EgressProcess node;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        pages = new TestPages();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (node != null) {
            node.process().descendants().forEach(ProcessHandle::destroyForcibly);
            node.process().destroyForcibly();
        }
        pages.close();
    }

    @Test
    void anOperatorSeesAnEgressLiveAndStopsIt() throws Exception {
        int port = TestProcesses.freePort();
        Path records = dir.resolve("records");
        Path config = Files.writeString(dir.resolve("egress.yaml"), """
                api_key: %s
                api_secret: %s
                admin: {port: %d, records_dir: %s, users: [{name: %s, password_hash: "%s"}]}
                health_port: %d
                cpu_cost: {web_cpu_cost: 1}
                """.formatted(KEY, SECRET, port, records, USER, hashPassword(PASSWORD), TestProcesses.freePort()));
        node = EgressProcess.startServe(dir.resolve("node"), config);
        String console = "http://127.0.0.1:" + port;
        browser = chromium();

        browser.get(console + "/");
        logIn(USER, "not-the-password");
        assertTrue(browser.getPageSource().contains("Wrong name or password"), browser.getPageSource());
        screenshot("1-login-refused");
        logIn(USER, PASSWORD);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.id("egress")));
        screenshot("2-empty");
        Cookie session = browser.manage().getCookieNamed("egress4j_session");

        String egressId = NodeScripts.result("/egress-api/start-web.js", List.of(console, KEY, SECRET,
                pages.url("tone.html")), dir.resolve("start.log"), node::stderrText).path("egressId").asText();
        new WebDriverWait(browser, Duration.ofSeconds(1)).until(ExpectedConditions.presenceOfElementLocated(
                By.id(egressId)));
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id(egressId), "ACTIVE"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textMatches(By.id(egressId),
                Pattern.compile("CPU \\d+\\.\\d\\d, [1-9]\\d* MB")));
        String thumbnail = new WebDriverWait(browser, Duration.ofSeconds(10)).until(
                ExpectedConditions.presenceOfNestedElementLocatedBy(By.id(egressId), By.cssSelector("img.thumbnail")))
                .getAttribute("src");
        HttpResponse<byte[]> image = get(thumbnail, session.getValue(), "bytes=0-");
        assertEquals(200, image.statusCode(), thumbnail);
        assertEquals("image/jpeg", image.headers().firstValue("Content-Type").orElse(""), thumbnail);
        assertTrue(image.body().length > 2, thumbnail + ": " + image.body().length + " bytes");
        assertEquals(0xff, image.body()[0] & 0xff, "a JPEG");
        assertEquals(0xd8, image.body()[1] & 0xff, "a JPEG");
        screenshot("3-active");

        browser.findElement(By.id(egressId)).findElement(By.linkText("log")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("log"), "accepted"));
        assertTrue(browser.findElement(By.id("log")).getText().contains("EGRESS_ACTIVE"),
                browser.findElement(By.id("log")).getText());
        screenshot("4-log");
        browser.navigate().back();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id(egressId), "ACTIVE"));

        assertEquals(403, post(console + "/egress/" + egressId + "/stop", session.getValue(), ""),
                "a stop without the form's CSRF token");
        assertTrue(browser.findElement(By.id(egressId)).getText().contains("ACTIVE"), "still running");

        browser.findElement(By.id(egressId)).findElement(By.tagName("button")).click();
        browser.switchTo().alert().accept();
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id(egressId), "COMPLETE"));
        String row = browser.findElement(By.id(egressId)).getText();
        assertTrue(row.contains("file " + dir.resolve("node/recordings/console")), row);
        screenshot("5-complete");
        String recording = browser.findElement(By.id(egressId)).findElement(By.partialLinkText("console"))
                .getAttribute("href");
        HttpResponse<byte[]> file = get(recording, session.getValue(), "bytes=0-15");
        assertEquals(206, file.statusCode(), "a range of the recording");
        assertEquals("video/mp4", file.headers().firstValue("Content-Type").orElse(""));
        assertEquals("ftyp", new String(file.body(), 4, 4, StandardCharsets.US_ASCII));
        assertEquals(404, get(recording.replace("/file/0", "/file/1"), session.getValue(), "bytes=0-1").statusCode());

        browser.findElement(By.linkText("Node")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.id("plugins")));
        String plugins = browser.findElement(By.id("plugins")).getText();
        assertTrue(plugins.contains("io.egress4j.admin") && plugins.contains("active"), plugins);
        assertTrue(browser.findElement(By.id("capacity")).getText().contains("Free for new egress"),
                browser.findElement(By.id("capacity")).getText());
        assertTrue(browser.findElement(By.id("config")).getText().contains("api_secret: \"********\""),
                browser.findElement(By.id("config")).getText());
        assertFalse(browser.getPageSource().contains(SECRET), "the node page masks the secret");
        // A plugin dropped into the plugins folder shows up on the open page, which is not reloaded.
        Path staged = dir.resolve("copy.jar.part");
        Files.copy(Path.of(System.getProperty("example.plugin")), staged);
        Files.move(staged, Files.createDirectories(dir.resolve("node/plugins")).resolve("copy.jar"),
                StandardCopyOption.ATOMIC_MOVE);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("plugins"), "io.egress4j.storage.examplecopy"));
        screenshot("6-node");

        browser.findElement(By.linkText("Layouts")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#layout-speaker svg")));
        screenshot("7-layouts");
        browser.findElement(By.cssSelector("input[name=kind][value=web]")).click();
        browser.findElement(By.name("url")).sendKeys(pages.url("tone.html"));
        browser.findElement(By.name("filepath")).clear();
        browser.findElement(By.name("filepath")).sendKeys("console/form.mp4");
        browser.findElement(By.xpath("//button[text()='Start']")).click();
        By fromForm = By.xpath("//tbody[@id='egress']/tr[@id!='" + egressId + "']");
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.textToBePresentInElementLocated(
                fromForm, "ACTIVE"));
        String formEgressId = browser.findElement(fromForm).getAttribute("id");
        browser.findElement(By.id(formEgressId)).findElement(By.xpath(".//button[text()='Stop']")).click();
        browser.switchTo().alert().accept();
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id(formEgressId), "COMPLETE"));
        assertTrue(Files.isRegularFile(dir.resolve("node/recordings/console/form.mp4")), "the form's recording");
        assertTrue(Files.readString(records.resolve("audit.log")).contains("user=" + USER + " start " + formEgressId),
                Files.readString(records.resolve("audit.log")));
        assertTrue(Files.readString(records.resolve("audit.log")).contains("user=" + USER + " stop " + egressId),
                Files.readString(records.resolve("audit.log")));

        String csrf = browser.findElement(By.name("csrf")).getAttribute("value");
        browser.findElement(By.xpath("//button[text()='Log out']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login"));
        screenshot("8-logged-out");
        assertEquals(401, post(console + "/egress/" + egressId + "/stop", session.getValue(), "csrf=" + csrf),
                "the session, replayed after logout");
        assertFalse(node.stderrText().contains(SECRET), "the secret is never logged");
        assertFalse(node.stderrText().contains(PASSWORD), "nor the password");
    }

    /** The hash of {@code password} as {@code egress hash-password} prints it, fed the password on stdin. */
    private String hashPassword(String password) throws Exception {
        Path home = Files.createDirectories(dir.resolve("hash"));
        EgressProcess hasher = EgressProcess.start(home, "hash-password");
        try (var stdin = hasher.process().getOutputStream()) {
            stdin.write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(0, hasher.waitFor(60), hasher.stderrText());
        return hasher.stdoutText().trim();
    }

    private void logIn(String user, String password) {
        browser.get(browser.getCurrentUrl().replaceAll("/[^/]*$", "/login"));
        browser.findElement(By.name("user")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.tagName("button")).click();
    }

    /** A form POST with only the session cookie (no browser); returns the status. */
    private static int post(String url, String sessionId, String form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Cookie", "egress4j_session=" + sessionId)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A GET with only the session cookie and a Range header. */
    private static HttpResponse<byte[]> get(String url, String sessionId, String range) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Cookie", "egress4j_session=" + sessionId)
                .header("Range", range).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        return new ChromeDriver(service, options);
    }
}
