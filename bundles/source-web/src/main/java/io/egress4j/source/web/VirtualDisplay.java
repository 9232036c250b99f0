package io.egress4j.source.web;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A private X server (Xvfb) at the output size. Xvfb picks a free display number itself and reports it. Access
 * control is on: Xvfb takes a random cookie no client is given, and then only this process's user is let in
 * (server-interpreted {@code localuser}, checked on the Unix socket), so that no other user of the machine can watch
 * or drive the page being recorded.
 */
final class VirtualDisplay implements AutoCloseable {

    private final ChildProcess xvfb;
    private final String display;

    private VirtualDisplay(ChildProcess xvfb, String display) {
        this.xvfb = xvfb;
        this.display = display;
    }

    static VirtualDisplay start(int width, int height, int depth, Path workDir) throws EgressException {
        Path cookie = XAuthority.write(workDir.resolve("xauthority"));
        ChildProcess xvfb = ChildProcess.startReadingOutput("Xvfb", List.of("Xvfb", "-displayfd", "1",
                "-screen", "0", width + "x" + height + "x" + depth, "-nolisten", "tcp", "-auth", cookie.toString(),
                // without -noreset the server forgets the access granted below when xhost, its only client, leaves
                "-noreset", "-nocursor"), workDir.resolve("xvfb.log"));
        try {
            String display = ":" + readDisplayNumber(xvfb);
            letThisUserIn(display, cookie, workDir);
            return new VirtualDisplay(xvfb, display);
        } catch (EgressException e) {
            xvfb.close();
            throw e;
        }
    }

    /** {@code xhost +si:localuser:<user>}, run with the cookie: this user's processes need none afterwards. */
    private static void letThisUserIn(String display, Path cookie, Path workDir) throws EgressException {
        String user = System.getProperty("user.name");
        try (ChildProcess xhost = ChildProcess.start("xhost", List.of("xhost", "+si:localuser:" + user),
                Map.of("DISPLAY", display, "XAUTHORITY", cookie.toString()), workDir.resolve("xhost.log"))) {
            if (!xhost.process().waitFor(10, TimeUnit.SECONDS) || xhost.process().exitValue() != 0) {
                throw new EgressException(Code.INTERNAL, "cannot let " + user + " use the X display " + display
                        + " (see xhost.log in the egress work dir)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EgressException(Code.INTERNAL, "interrupted while opening the X display");
        }
    }

    private static String readDisplayNumber(ChildProcess xvfb) throws EgressException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(xvfb.process().getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String number = line.get(10, TimeUnit.SECONDS);
            if (number == null || !number.strip().matches("\\d+")) {
                throw new EgressException(Code.INTERNAL, "Xvfb did not start (see xvfb.log in the egress work dir)");
            }
            return number.strip();
        } catch (TimeoutException | ExecutionException e) {
            throw new EgressException(Code.INTERNAL, "Xvfb did not report a display within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EgressException(Code.INTERNAL, "interrupted while starting Xvfb");
        }
    }

    /** The X display name, e.g. {@code :3}. */
    String display() {
        return display;
    }

    @Override
    public void close() {
        xvfb.close();
    }
}
