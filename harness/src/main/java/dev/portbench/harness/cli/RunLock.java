package dev.portbench.harness.cli;

import dev.portbench.harness.run.RunLayout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One session at a time writes a run directory: each session rewrites results.csv whole from the rows it holds, so a
 * second one (a {@code --resume} while the first still runs under nohup or tmux) would wipe the other's rows. The lock
 * is the operating system's on {@code DIR/.portbench.lock}, so it goes with the process that held it, however that
 * process ended; the file stays, naming the last holder's pid. A file system that cannot lock (an NFS mount without
 * its lock service) does not stop the run: the session goes on unlocked and says so on stderr.
 */
final class RunLock implements AutoCloseable {
    static final String FILE = ".portbench.lock";

    private final FileChannel channel;
    private final FileLock lock;

    /** Both null for a session that goes on unlocked. */
    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws UsageException when another session holds the directory, naming the pid it recorded */
    static RunLock take(RunLayout layout) {
        Path file = layout.root().resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UsageException(layout.root() + " cannot be locked for this session (" + file + "): "
                    + e.getMessage());
        }
        FileLock lock;
        try {
            lock = tryLock(channel);
        } catch (IOException cannotLock) {
            closeQuietly(channel);
            System.err.println("portbench: " + file + " cannot be locked (" + cannotLock.getMessage() + "); this"
                    + " session goes on unlocked, so a second session on " + layout.root() + " would not be refused");
            return new RunLock(null, null);
        }
        try {
            if (lock == null) {
                String holder = holder(file);
                channel.close();
                throw new UsageException(layout.root() + " is being written by another portbench session"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; expected one session per run"
                        + " directory: let it finish, or end it (Ctrl-C) and then run --resume " + layout.root());
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
                    0);
            return new RunLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UsageException(layout.root() + " cannot be locked for this session (" + file + "): "
                    + e.getMessage());
        }
    }

    /** The lock, or null when another process (or another session of this JVM) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    private static String holder(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the failure being reported matters more
        }
    }

    @Override
    public void close() throws IOException {
        if (channel == null) {
            return; // unlocked: the file system could not lock
        }
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
