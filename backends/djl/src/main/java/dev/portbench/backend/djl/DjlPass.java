package dev.portbench.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.KvCacheWalk;
import dev.portbench.backend.OutputTensor;

import java.util.List;

/**
 * One forward pass's results as the engine left them: the fp32 logits [batch, seq, vocab] on the device, the routing
 * (already on the heap: the dispatch needed it there), and the extended cache when one was kept. Closing frees every
 * array of the pass except the cache.
 */
record DjlPass(NDManager manager, NDArray logits, List<long[]> routing, DjlKvCache cache)
        implements KvCacheWalk.Pass {

    /** Waits for the device: reads one logit back, so a timed call ends when the pass has run (CUDA is async). */
    void synchronise() {
        logits.getFloat(0, 0, 0);
    }

    /** The logits copied onto the heap, with the routing. */
    @Override
    public ForwardOutputs outputs() {
        return new ForwardOutputs(OutputTensor.ofFloats(logits.getShape().getShape(), logits.toFloatArray()), routing);
    }

    @Override
    public void close() {
        manager.close();
    }
}
