package io.egress4j.source.web;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * An X authority file with one random MIT-MAGIC-COOKIE-1, for any display (the "wild" family: Xvfb chooses its
 * display number after it has read the file). The format is Xau's: big-endian 16-bit family, then address, display
 * number, name and data, each a 16-bit length followed by its bytes.
 */
final class XAuthority {

    private static final int FAMILY_WILD = 0xFFFF;
    private static final SecureRandom RANDOM = new SecureRandom();

    private XAuthority() {
    }

    /** Writes a fresh cookie to {@code file}, readable by this user only. */
    static Path write(Path file) throws EgressException {
        byte[] cookie = new byte[16];
        RANDOM.nextBytes(cookie);
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        short16(entry, FAMILY_WILD);
        field(entry, new byte[0]); // any address
        field(entry, new byte[0]); // any display number
        field(entry, "MIT-MAGIC-COOKIE-1".getBytes(StandardCharsets.US_ASCII));
        field(entry, cookie);
        try {
            Files.write(file, entry.toByteArray());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new EgressException(Code.INTERNAL, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void field(ByteArrayOutputStream out, byte[] bytes) {
        short16(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void short16(ByteArrayOutputStream out, int value) {
        out.write(value >> 8 & 0xFF);
        out.write(value & 0xFF);
    }
}
