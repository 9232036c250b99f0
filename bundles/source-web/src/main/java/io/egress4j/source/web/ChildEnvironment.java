package io.egress4j.source.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment helper processes (Xvfb, PulseAudio, chromedriver, Chromium) start with: a few harmless variables
 * of ours and what the caller names, never the egress process's whole environment, which may hold configuration and
 * credentials a recorded page could read back ({@code file:///proc/self/environ}).
 */
final class ChildEnvironment {

    /** Passed on from this process when set: where programs are, and locale and time zone for what they print. */
    private static final List<String> KEPT = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR");

    private ChildEnvironment() {
    }

    /** The kept variables of this process, then {@code extra} (which wins). */
    static Map<String, String> with(Map<String, String> extra) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name : KEPT) {
            String value = System.getenv(name);
            if (value != null) {
                environment.put(name, value);
            }
        }
        environment.putAll(extra);
        return environment;
    }

    /** {@code builder}'s environment replaced by {@link #with(Map)}. */
    static ProcessBuilder applyTo(ProcessBuilder builder, Map<String, String> extra) {
        builder.environment().clear();
        builder.environment().putAll(with(extra));
        return builder;
    }

    /** An {@code env -i NAME=value ...} prefix that starts a command from a shell script with {@link #with(Map)}. */
    static String envCommand(Map<String, String> extra) {
        StringBuilder command = new StringBuilder("env -i");
        with(extra).forEach((name, value) -> command.append(' ').append(shellQuoted(name + "=" + value)));
        return command.toString();
    }

    private static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
