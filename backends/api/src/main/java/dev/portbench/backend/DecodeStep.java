package dev.portbench.backend;

/** What one {@link Session#step} returns: the outputs for the tokens fed and the cache that now includes them. */
public record DecodeStep(ForwardOutputs outputs, KvCache cache) {
}
