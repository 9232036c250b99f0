package io.egress4j.ops;

import java.nio.file.Path;

/** Paths in the repository. */
final class Repo {

    static final Path ROOT = Path.of(System.getProperty("repo.root", "../..")).toAbsolutePath().normalize();

    private Repo() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }
}
