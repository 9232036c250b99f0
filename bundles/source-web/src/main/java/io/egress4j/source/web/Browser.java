package io.egress4j.source.web;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** Chromium driven by chromedriver, full screen on a virtual display, playing into a private audio sink. */
final class Browser implements AutoCloseable {

    private static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(30);
    private static final int NAVIGATION_ATTEMPTS = 3;

    /**
     * Selenium warns on every start that it has no DevTools binding for this Chromium version; egress uses none.
     * The logger is held here because java.util.logging keeps only weak references to configured loggers.
     */
    private static final java.util.logging.Logger CDP_VERSION_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /**
     * Starts Chromium.
     *
     * @param environment {@code DISPLAY} and, with audio, {@code PULSE_SERVER}/{@code PULSE_SINK}
     */
    static Browser start(BrowserSettings settings, Map<String, String> environment, Path workDir)
            throws EgressException {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(orphanSafeDriver(settings.driverPath(), environment, workDir))
                .usingAnyFreePort()
                .withLogFile(workDir.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(settings.browserPath());
        options.addArguments(flags(settings, workDir));
        // Without the automation switch Chromium shows no "controlled by automated software" bar.
        options.setExperimentalOption("excludeSwitches", List.of("enable-automation"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.setPageLoadTimeout(PAGE_LOAD_TIMEOUT);
        try {
            return new Browser(new ChromeDriver(service, options));
        } catch (WebDriverException e) {
            service.stop();
            throw new EgressException(Code.INTERNAL, "failed to launch Chromium: " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * A launcher script that runs chromedriver under {@code setpriv --pdeathsig KILL}, so the driver (and with it
     * the browser) does not outlive an egress process killed with SIGKILL, and with only {@code environment} and
     * the {@link ChildEnvironment} basics: Selenium would otherwise hand it all of ours.
     */
    static File orphanSafeDriver(String driverPath, Map<String, String> environment, Path workDir)
            throws EgressException {
        Path script = workDir.resolve("chromedriver");
        try {
            Files.writeString(script, "#!/bin/sh\nexec " + ChildEnvironment.envCommand(environment)
                    + " setpriv --pdeathsig KILL -- " + driverPath + " \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new EgressException(Code.INTERNAL, "cannot write " + script + ": " + e.getMessage(), e);
        }
        return script.toFile();
    }

    /** Upstream's Chrome switches for recording, plus the operator's own. */
    private static List<String> flags(BrowserSettings settings, Path workDir) {
        List<String> flags = new ArrayList<>(List.of(
                "--no-first-run", "--no-default-browser-check", "--disable-gpu", "--disable-infobars",
                "--disable-background-networking", "--disable-component-update", "--disable-quic",
                "--enable-features=NetworkService,NetworkServiceInProcess",
                "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows",
                "--disable-breakpad", "--disable-client-side-phishing-detection", "--disable-default-apps",
                "--disable-dev-shm-usage", "--disable-extensions",
                "--disable-features=AudioServiceOutOfProcess,site-per-process,Translate,TranslateUI,"
                        + "BlinkGenPropertyTrees",
                "--disable-hang-monitor", "--disable-ipc-flooding-protection", "--disable-popup-blocking",
                "--disable-prompt-on-repost", "--disable-renderer-backgrounding", "--disable-sync",
                "--force-color-profile=srgb", "--metrics-recording-only", "--safebrowsing-disable-auto-update",
                "--password-store=basic", "--use-mock-keychain", "--kiosk", "--disable-translate",
                "--autoplay-policy=no-user-gesture-required", "--window-position=0,0",
                "--window-size=" + settings.width() + "," + settings.height(),
                "--user-data-dir=" + workDir.resolve("chromium-profile")));
        if (settings.insecure()) {
            flags.add("--disable-web-security");
            flags.add("--allow-running-insecure-content");
        }
        if (!settings.sandbox()) {
            flags.add("--no-sandbox");
        }
        settings.extraFlags().forEach((name, value) -> flags.add(
                "--" + name.replaceFirst("^--", "") + (value.isEmpty() ? "" : "=" + value)));
        return flags;
    }

    /** Opens {@code url}, retrying page-load timeouts, and fails with upstream's messages on error pages. */
    void open(String url) throws EgressException {
        for (int attempt = 1; ; attempt++) {
            try {
                driver.get(url);
                break;
            } catch (TimeoutException e) {
                if (attempt == NAVIGATION_ATTEMPTS) {
                    throw new EgressException(Code.DEADLINE_EXCEEDED, "page load error: timed out after "
                            + NAVIGATION_ATTEMPTS + " attempts of " + PAGE_LOAD_TIMEOUT.toSeconds() + " s");
                }
            } catch (WebDriverException e) {
                throw new EgressException(Code.INVALID_ARGUMENT, "page load error: " + netError(e));
            }
        }
        Object status = script("const n = performance.getEntriesByType('navigation')[0];"
                + "return n && n.responseStatus ? n.responseStatus : 0;");
        if (status instanceof Number code && code.intValue() >= 400) {
            throw new EgressException(Code.INVALID_ARGUMENT,
                    "page load error: " + HttpStatusText.of(code.intValue()));
        }
        Optional<EgressException> templateError = templateError();
        if (templateError.isPresent()) {
            throw templateError.get();
        }
    }

    /** What the page shows in {@code div.error}, the template contract's way of reporting a failure, if anything. */
    Optional<EgressException> templateError() {
        Object text = script("const e = document.querySelector('div.error');"
                + "return e ? e.innerText.trim() : '';");
        return text instanceof String message && !message.isEmpty()
                ? Optional.of(new EgressException(Code.INVALID_ARGUMENT, "template error: " + message))
                : Optional.empty();
    }

    /** Console messages logged since the last call, as the text Chromium reports for them. */
    List<String> takeConsoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    private Object script(String source) {
        return ((JavascriptExecutor) driver).executeScript(source);
    }

    private static String netError(WebDriverException e) {
        String message = firstLine(e.getMessage());
        int net = message.indexOf("net::");
        return net >= 0 ? message.substring(net).split("\\s")[0] : message;
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private static String firstLine(String message) {
        return message == null ? "unknown error" : message.lines().findFirst().orElse(message);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (WebDriverException e) {
            System.getLogger(Browser.class.getName()).log(System.Logger.Level.DEBUG, "Chromium quit: " + e);
        }
    }
}
