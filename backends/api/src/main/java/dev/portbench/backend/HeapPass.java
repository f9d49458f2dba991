package dev.portbench.backend;

/** {@link Session#step}'s result as a {@link KvCacheWalk.Pass}: its outputs are heap arrays, so closing frees nothing. */
record HeapPass(DecodeStep step) implements KvCacheWalk.Pass {

    @Override
    public KvCache cache() {
        return step.cache();
    }

    @Override
    public ForwardOutputs outputs() {
        return step.outputs();
    }

    @Override
    public void close() {
        // heap arrays: the garbage collector frees them
    }
}
