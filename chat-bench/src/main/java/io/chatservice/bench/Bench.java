package io.chatservice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.json.JsonMapper;

/** What every scenario uses: the options, the REST API, the transport, the server probe, the error counts. */
record Bench(BenchOptions options, ChatApi api, Transport transport, ServerProbe probe, ErrorCounts errors,
        JsonMapper json) {

    /** A task over an index; may throw, which aborts the whole set with the first failure. */
    interface IndexedTask {
        void run(int index) throws Exception;
    }

    /** Runs {@code task} for 0..count-1 on virtual threads, at most {@code concurrency} at a time. */
    static void forEach(int count, int concurrency, IndexedTask task) throws Exception {
        Semaphore permits = new Semaphore(concurrency);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                permits.acquire();
                running.add(pool.submit(() -> {
                    try {
                        task.run(index);
                        return null;
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    pool.shutdownNow();
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
    }

    void progress(String message) {
        System.err.println("[chat-bench] " + message);
    }

    String user(String role, int index) {
        return "b" + options.runId() + "-" + role + index;
    }
}
