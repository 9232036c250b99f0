package io.egress4j.admin;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.osgi.service.component.annotations.Component;

/**
 * {@code egress hash-password}: reads a console password (without echo on a terminal, else the first line of
 * stdin) and prints its hash for {@code admin.users}.
 */
@Component(service = Function.class, property = "egress.command=hash-password")
public final class HashPasswordCommand implements Function<Map<String, Object>, Integer> {

    /** Shorter passwords are refused: the hash slows guessing, it does not make a short password strong. */
    static final int MIN_LENGTH = 12;

    @Override
    public Integer apply(Map<String, Object> invocation) {
        char[] password;
        try {
            password = read();
        } catch (IOException e) {
            System.err.println("egress hash-password: cannot read the password: " + e.getMessage());
            return 1;
        }
        if (password == null || password.length < MIN_LENGTH) {
            System.err.println("egress hash-password: the password must have at least " + MIN_LENGTH
                    + " characters");
            return 2;
        }
        System.out.println(PasswordHash.hash(password, PasswordHash.ITERATIONS));
        Arrays.fill(password, '\0');
        return 0;
    }

    private static char[] read() throws IOException {
        Console console = System.console();
        if (console != null) {
            return console.readPassword("console password: ");
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? null : line.toCharArray();
    }
}
