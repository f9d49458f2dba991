package dev.portbench.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes report files whole or not at all: a reader never sees half a CSV or half a page. */
public final class TextFiles {

    private TextFiles() {
    }

    /** Writes {@code text} as UTF-8 to a sibling temporary file, forces it to disk and renames it over {@code file}. */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path temp = AtomicFiles.writeTemp(file, text.getBytes(StandardCharsets.UTF_8));
        try {
            AtomicFiles.replace(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
