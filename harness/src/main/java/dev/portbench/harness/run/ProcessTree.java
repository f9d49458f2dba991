package dev.portbench.harness.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ends a process and everything it started (a cell JVM and JMH's fork JVMs): politely first, then by force. */
final class ProcessTree {
    private ProcessTree() {
    }

    /**
     * Sends SIGTERM to the process and its descendants, waits up to {@code grace} for them to end, then SIGKILLs what
     * is left and waits for that. The descendants are listed before anything is signalled: once the root is gone its
     * children are reparented and no longer found through it.
     *
     * @return how many processes the tree held
     */
    static int destroy(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        if (!grace.isZero()) {
            tree.forEach(ProcessHandle::destroy);
            awaitAll(tree, grace);
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        awaitAll(tree, Duration.ofSeconds(10));
        return tree.size();
    }

    private static void awaitAll(List<ProcessHandle> processes, Duration limit) {
        CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the caller escalates, or has done all it can
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
