package dev.portbench.harness.worker;

import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.GreedyDecoding;
import dev.portbench.backend.OutputTensor;
import dev.portbench.harness.run.RunLayout;
import dev.portbench.results.Npy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves a cell's accuracy outputs as .npy: logits in the backend's own precision, routing as int64 [layers, T, k];
 * for decode, the step logits [batch, new_tokens, vocab], their routing and the greedy tokens [batch, new_tokens].
 */
public final class OutputFiles {
    private OutputFiles() {
    }

    public static void write(Path dir, ForwardOutputs out) throws IOException {
        Files.createDirectories(dir);
        writeLogits(RunLayout.logits(dir), out.logits());
        writeRouting(RunLayout.routing(dir), out.routerTopK(), out.logits());
    }

    public static void write(Path dir, GreedyDecoding.Trace trace) throws IOException {
        write(dir, trace.prompt());
        writeLogits(RunLayout.stepLogits(dir), trace.stepLogits());
        long[] shape = trace.stepLogits().shape();
        Npy.write(RunLayout.tokens(dir), new long[] {shape[0], shape[1]}, trace.chosen());
        if (!trace.stepRouting().isEmpty() && trace.stepRouting().get(0).length > 0) {
            int layers = trace.stepRouting().size();
            int perLayer = trace.stepRouting().get(0).length;
            long fedTokens = shape[0] * (shape[1] - 1);
            Npy.write(RunLayout.stepRouting(dir), new long[] {layers, fedTokens, perLayer / fedTokens},
                    concat(trace.stepRouting()));
        }
    }

    private static void writeLogits(Path file, OutputTensor logits) throws IOException {
        if (logits.isDouble()) {
            Npy.write(file, logits.shape(), logits.doubles());
        } else {
            Npy.write(file, logits.shape(), logits.floats());
        }
    }

    private static void writeRouting(Path file, List<long[]> routing, OutputTensor logits) throws IOException {
        if (routing.isEmpty()) {
            return;
        }
        int perLayer = routing.get(0).length;
        long tokens = logits.shape()[0] * logits.shape()[1];
        Npy.write(file, new long[] {routing.size(), tokens, perLayer / tokens}, concat(routing));
    }

    private static long[] concat(List<long[]> perLayer) {
        int n = perLayer.get(0).length;
        long[] all = new long[perLayer.size() * n];
        for (int l = 0; l < perLayer.size(); l++) {
            System.arraycopy(perLayer.get(l), 0, all, l * n, n);
        }
        return all;
    }
}
