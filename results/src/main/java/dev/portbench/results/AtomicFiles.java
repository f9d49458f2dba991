package dev.portbench.results;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Publishes files so that nobody ever sees them half-written: write a sibling temporary file, force it to the
 * device, then rename it into place. The temporary file is a sibling so the rename stays on one file system (and so
 * is atomic); it is created with the default permissions (not {@code Files.createTempFile}'s owner-only ones), so the
 * published file is as readable as any other file the process writes.
 */
final class AtomicFiles {

    /** Writes the body of a temporary file to an open channel. */
    @FunctionalInterface
    interface Body {
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicFiles() {
    }

    /** A forced sibling temporary file of {@code target} holding {@code bytes}. */
    static Path writeTemp(Path target, byte[] bytes) throws IOException {
        return writeTemp(target, channel -> writeFully(channel, ByteBuffer.wrap(bytes)));
    }

    /** A forced sibling temporary file of {@code target} holding what {@code body} wrote; deleted if body fails. */
    static Path writeTemp(Path target, Body body) throws IOException {
        Path temp = createTemp(target);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            body.writeTo(channel);
            channel.force(true);
        } catch (IOException | RuntimeException failed) {
            Files.deleteIfExists(temp);
            throw failed;
        }
        return temp;
    }

    /** Renames {@code temp} over {@code target} atomically, replacing what was there. */
    static void replace(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target);
    }

    /**
     * Publishes {@code temp} as {@code target} only if {@code target} does not exist. A hard link fails atomically when
     * the name is taken, so two runs racing for one name cannot both win; file systems without hard links fall back to
     * check-then-rename.
     */
    static void publishNew(Path temp, Path target, Supplier<? extends IOException> exists) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException taken) {
            throw exists.get();
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw exists.get();
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        syncDirectory(target);
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static Path createTemp(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName() + ".";
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve(prefix + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException collision) {
                if (attempt >= 8) {
                    throw collision;
                }
            }
        }
    }

    /** Makes the rename itself durable where the platform allows opening a directory (Linux, macOS). */
    private static void syncDirectory(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // best effort: Windows cannot open a directory; the file's own data is already forced
        }
    }
}
