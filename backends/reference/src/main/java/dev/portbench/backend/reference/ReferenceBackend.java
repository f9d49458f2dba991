package dev.portbench.backend.reference;

import dev.portbench.backend.Backend;
import dev.portbench.backend.DecodeStep;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.HostCpu;
import dev.portbench.backend.KvCache;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.OutputTensor;
import dev.portbench.backend.Session;
import dev.portbench.backend.UnsupportedPrecisionException;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.TokenInputs;

import java.util.Map;
import java.util.concurrent.ForkJoinPool;

final class ReferenceBackend implements Backend {
    static final String THREADS = "threads";
    /** Not an option: says which kernel ran the products ({@code scalar}, or {@code vector-BITS} for fp64). */
    static final String MATMUL = "matmul";
    private final Precision precision;
    private final int threads;
    /** The calling thread's helpers in large products and loops (threads − 1 of them); null when single-threaded. */
    private final ForkJoinPool pool;

    ReferenceBackend(Precision precision, int threads) {
        this.precision = precision;
        this.threads = threads;
        this.pool = threads > 1 ? new ForkJoinPool(threads - 1) : null;
    }

    @Override
    public String runtimeVersion() {
        return "java " + Runtime.version();
    }

    @Override
    public String device() {
        return HostCpu.modelName();
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public Map<String, String> appliedOptions() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("precision", precision.id());
        m.put(THREADS, Integer.toString(threads));
        m.put(MATMUL, Kernels.fastestProduct(precision).name());
        return m;
    }

    /** Every product, norm and sum in the backend's own precision, whatever the model's dtype. */
    /** The definition's order whatever the scenario's {@code mla.form}, which names the export's. */
    @Override
    public dev.portbench.scenarios.MlaSpec.Form mlaForm(dev.portbench.scenarios.MlaSpec mla) {
        return dev.portbench.scenarios.MlaSpec.Form.NAIVE;
    }

    @Override
    public String arithmetic(Dtype dtype) {
        return precision.id();
    }

    @Override
    public Session open(ModelArtifact model) {
        if (model.dtype() != Dtype.FP32) {
            throw new UnsupportedPrecisionException("reference-" + precision.id() + " runs the fp32 model only, in "
                    + precision.id() + " arithmetic; dtype " + model.dtype().id()
                    + " is for backends that load the exported graph");
        }
        Kernels kernels = new Kernels(precision, pool);
        ReferenceWeights weights = new ReferenceWeights(model.weights(), kernels.panel());
        ReferenceDecoder decoder = new ReferenceDecoder(model.scenario().model(), weights, kernels);
        return new Session() {
            @Override
            public ForwardOutputs run(TokenInputs inputs) {
                return narrowed(decoder.forward(inputs, null, model.logits()).outputs());
            }

            @Override
            public DecodeStep step(TokenInputs tokens, KvCache past) {
                ReferenceDecoder.Pass pass = decoder.forward(tokens, past == null ? null
                        : ((ReferenceKvCache) past).cache(), model.logits());
                return new DecodeStep(narrowed(pass.outputs()), new ReferenceKvCache(pass.cache()));
            }

            @Override
            public long weightBytes() {
                return weights.bytes();
            }

            @Override
            public void close() {
                // plain Java arrays: nothing to release
            }
        };
    }

    /** A cache of plain arrays; the garbage collector frees it. */
    private record ReferenceKvCache(ReferenceDecoder.Cache cache) implements KvCache {
        @Override
        public int length() {
            return cache.length();
        }

        @Override
        public void close() {
            // nothing native
        }
    }

    /** fp32 results are exact floats held in doubles; hand them on as fp32 so saved outputs say what they are. */
    private ForwardOutputs narrowed(ForwardOutputs out) {
        if (precision != Precision.FP32) {
            return out;
        }
        double[] d = out.logits().doubles();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return new ForwardOutputs(OutputTensor.ofFloats(out.logits().shape(), f), out.routerTopK());
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
