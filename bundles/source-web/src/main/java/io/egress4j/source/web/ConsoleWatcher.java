package io.egress4j.source.web;

import io.egress4j.api.CaptureEvents;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.openqa.selenium.WebDriverException;

/**
 * Reads the page's console and turns the recording signals into capture events: a console call whose argument is
 * exactly {@code START_RECORDING} starts the recording, {@code END_RECORDING} ends it ("Source closed"). Until
 * the start, a {@code div.error} the page shows, or an {@code END_RECORDING}, fails the egress: a template that
 * cannot join its room says so there, and would otherwise be waited for until the session limit. The page's last
 * console lines are logged with such a failure, since they usually say why the room could not be joined.
 */
final class ConsoleWatcher implements AutoCloseable {

    static final String START_SIGNAL = "START_RECORDING";
    static final String END_SIGNAL = "END_RECORDING";
    private static final long POLL_MS = 100;
    /**
     * Once recording, only END_RECORDING is awaited: each poll is a chromedriver round trip that costs Chromium and
     * chromedriver CPU for the whole recording, and half a second more before the end does not matter.
     */
    private static final long POLL_WHILE_RECORDING_MS = 500;
    private static final int ERROR_CHECK_EVERY_POLLS = 10;
    /** A template that fails to join logs END_RECORDING (the room disconnects) just before it shows div.error. */
    private static final long ERROR_AFTER_END_WAIT_MS = 1_000;
    private static final int CONSOLE_LINES_KEPT = 15;
    private static final System.Logger LOG = System.getLogger(ConsoleWatcher.class.getName());
    /** Room templates log their signalling URL, whose access token must not reach our logs. */
    private static final Pattern TOKEN = Pattern.compile("(?i)((?:access_)?token=)[^&\\s\"']+");

    private final Browser browser;
    private final CaptureEvents events;
    private final boolean awaitStart;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Deque<String> recentConsole = new ArrayDeque<>();
    private final Thread thread;

    ConsoleWatcher(Browser browser, CaptureEvents events, boolean awaitStart, ClassLoader contextLoader) {
        this.browser = browser;
        this.events = events;
        this.awaitStart = awaitStart;
        this.thread = new Thread(this::watch, "console-watcher");
        thread.setDaemon(true);
        thread.setContextClassLoader(contextLoader);
    }

    void start() {
        thread.start();
    }

    private void watch() {
        boolean started = !awaitStart;
        try {
            for (int poll = 1; running.get(); poll++) {
                for (String message : browser.takeConsoleMessages()) {
                    String line = withoutTokens(message);
                    LOG.log(System.Logger.Level.DEBUG, () -> "page console: " + line);
                    if (!started) {
                        keep(line);
                    }
                    if (!started && isSignal(message, START_SIGNAL)) {
                        started = true;
                        events.started();
                    } else if (isSignal(message, END_SIGNAL)) {
                        if (started) {
                            events.ended("Source closed");
                        } else {
                            failBeforeStart(templateErrorWithin(ERROR_AFTER_END_WAIT_MS).orElseGet(() ->
                                    new EgressException(Code.FAILED_PRECONDITION, "the page signalled " + END_SIGNAL
                                            + " before " + START_SIGNAL + " (a template does so when it cannot join"
                                            + " or stay in its room)")));
                        }
                        return;
                    }
                }
                if (!started && poll % ERROR_CHECK_EVERY_POLLS == 0) {
                    Optional<EgressException> error = browser.templateError();
                    if (error.isPresent()) {
                        failBeforeStart(error.get());
                        return;
                    }
                }
                Thread.sleep(started ? POLL_WHILE_RECORDING_MS : POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (WebDriverException e) {
            if (running.get()) {
                events.failed(new EgressException(Code.INTERNAL, "Chromium stopped responding: "
                        + e.getMessage().lines().findFirst().orElse("")));
            }
        }
    }

    private void keep(String consoleLine) {
        if (recentConsole.size() == CONSOLE_LINES_KEPT) {
            recentConsole.removeFirst();
        }
        recentConsole.addLast(consoleLine);
    }

    private Optional<EgressException> templateErrorWithin(long waitMs) throws InterruptedException {
        for (long waited = 0; ; waited += POLL_MS) {
            Optional<EgressException> error = browser.templateError();
            if (error.isPresent() || waited >= waitMs) {
                return error;
            }
            Thread.sleep(POLL_MS);
        }
    }

    private void failBeforeStart(EgressException error) {
        LOG.log(System.Logger.Level.WARNING, "the page failed before it started recording (" + error.getMessage()
                + "); its last console lines:" + System.lineSeparator() + String.join(System.lineSeparator(),
                recentConsole));
        events.failed(error);
    }

    /**
     * Chromium reports {@code console.log('START_RECORDING')} as {@code <source> <line>:<col> "START_RECORDING"}:
     * the signal must be the whole, quoted argument, so a longer message that merely mentions it does not count.
     */
    static boolean isSignal(String message, String signal) {
        return message.endsWith(" \"" + signal + "\"") || message.equals(signal);
    }

    static String withoutTokens(String message) {
        return TOKEN.matcher(message).replaceAll("$1<redacted>");
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
