package dev.portbench.harness.worker;

import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.OutputTensor;
import dev.portbench.harness.run.RunLayout;
import dev.portbench.results.Npy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Saves a forward pass's outputs as .npy: logits in the backend's own precision, routing as int64 [layers, T, k]. */
public final class OutputFiles {
    private OutputFiles() {
    }

    public static void write(Path dir, ForwardOutputs out) throws IOException {
        Files.createDirectories(dir);
        OutputTensor logits = out.logits();
        if (logits.isDouble()) {
            Npy.write(RunLayout.logits(dir), logits.shape(), logits.doubles());
        } else {
            Npy.write(RunLayout.logits(dir), logits.shape(), logits.floats());
        }
        List<long[]> routing = out.routerTopK();
        if (!routing.isEmpty()) {
            int perLayer = routing.get(0).length;
            long[] all = new long[routing.size() * perLayer];
            for (int l = 0; l < routing.size(); l++) {
                System.arraycopy(routing.get(l), 0, all, l * perLayer, perLayer);
            }
            long k = logits.shape().length == 3 ? perLayer / (logits.shape()[0] * logits.shape()[1]) : 1;
            Npy.write(RunLayout.routing(dir), new long[] {routing.size(), perLayer / k, k}, all);
        }
    }
}
