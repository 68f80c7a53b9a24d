package io.chatservice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL runs as a process of its own. When the server dies without closing it (kill -9, an
 * out-of-memory kill), that postmaster lives on and holds the data directory, and the next start would wait
 * for it and give up. Before starting, this stops a postmaster that still serves our data directory: it can
 * only be the orphan of an earlier run, since every run of the server starts its own.
 */
final class OrphanedPostmaster {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private OrphanedPostmaster() {
    }

    static void stopIfRunning(Path dataDirectory) {
        Optional<ProcessHandle> orphan = postmasterOf(dataDirectory);
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = orphan.get();
        log.warn("An embedded PostgreSQL (pid {}) from an earlier run still holds {}; stopping it",
                postmaster.pid(), dataDirectory);
        // SIGTERM is PostgreSQL's "smart" shutdown: it finishes what is running and writes a checkpoint.
        postmaster.destroy();
        try {
            postmaster.onExit().get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The PostgreSQL process " + postmaster.pid() + " still holds "
                    + dataDirectory + " after " + SHUTDOWN_WAIT.toSeconds() + " s; stop it, then start again", e);
        }
    }

    /** The live postgres process named in the directory's postmaster.pid, if that file names one. */
    private static Optional<ProcessHandle> postmasterOf(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        List<String> lines;
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            lines = Files.readAllLines(pidFile);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.getFirst().trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // A stale file whose pid was reused by an unrelated process must not get that process killed.
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false));
    }
}
