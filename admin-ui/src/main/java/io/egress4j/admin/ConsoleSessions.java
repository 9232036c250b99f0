package io.egress4j.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Who is logged in to the console: an operator logs in with an API key and its secret (or as one of
 * {@code admin.users}), and gets a random session ID (for an HttpOnly, SameSite=Strict cookie) and a CSRF token every
 * form must send back. Sessions end after {@link #LIFETIME} or at logout; a session ID is never valid again
 * afterwards. Failed logins are limited per client address.
 */
final class ConsoleSessions {

    static final Duration LIFETIME = Duration.ofHours(12);
    /** At most this many failed logins per client address within {@link #FAILURE_WINDOW}. */
    static final int MAX_FAILURES = 5;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);

    /** A logged-in operator: the API key they logged in with, and the CSRF token of their forms. */
    record Session(String id, String user, String csrf, Instant expires) {
    }

    /** The client has failed to log in too often lately. */
    static final class TooManyAttempts extends Exception {
        TooManyAttempts() {
            super("too many failed logins; try again in a minute");
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final ConsoleUsers users;
    private final Supplier<Instant> clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    /**
     * @param users who may log in
     * @param clock the time now
     */
    ConsoleSessions(ConsoleUsers users, Supplier<Instant> clock) {
        this.users = users;
        this.clock = clock;
    }

    /**
     * A new session for {@code user} if {@code password} is its secret; empty otherwise.
     *
     * @throws TooManyAttempts when {@code client} failed {@link #MAX_FAILURES} times within the window
     */
    Optional<Session> login(String user, String password, String client) throws TooManyAttempts {
        Instant now = clock.get();
        Deque<Instant> recent = failures.computeIfAbsent(client, address -> new ArrayDeque<>());
        synchronized (recent) {
            while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(FAILURE_WINDOW))) {
                recent.pollFirst();
            }
            if (recent.size() >= MAX_FAILURES) {
                throw new TooManyAttempts();
            }
            if (!users.verify(user, password)) {
                recent.addLast(now);
                return Optional.empty();
            }
        }
        Session session = new Session(token(), user, token(), now.plus(LIFETIME));
        sessions.put(session.id(), session);
        return Optional.of(session);
    }

    /** The live session with this ID, if any. */
    Optional<Session> find(String id) {
        Session session = id == null ? null : sessions.get(id);
        if (session != null && session.expires().isBefore(clock.get())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.ofNullable(session);
    }

    void logout(String id) {
        sessions.remove(id);
    }

    /** Whether {@code token} is the session's CSRF token (compared in constant time). */
    static boolean csrfMatches(Session session, String token) {
        return token != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
