package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.PreparedDecode;
import dev.portbench.scenarios.KvCacheShape;
import dev.portbench.scenarios.ModelIo;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.TokenInputs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decoding with every tensor made before the timed calls. The prompt's pass writes its present keys and values into
 * pinned tensors [batch, kv_heads, prompt, head_dim]; step t (past length prompt + t) reads the previous step's (or the
 * prompt's) and writes its own [batch, kv_heads, prompt + t + 1, head_dim]. Steps alternate between two buffers per
 * layer sized for the longest cache (a tensor of any length is a view of a buffer's first bytes), so memory is three
 * caches whatever the number of steps, and each timed call is one {@code OrtSession.run}. After the last step the
 * walk starts again from the prompt's cache, whose values no step changes.
 */
final class OrtPreparedDecode implements PreparedDecode {
    private final OrtSession session;
    private final ModelSpec spec;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final Map<String, OnnxTensor> promptFeed = new HashMap<>();
    private final Map<String, OnnxTensor> promptPinned = new HashMap<>();
    private final List<Map<String, OnnxTensor>> stepFeeds = new ArrayList<>();
    private final List<Map<String, OnnxTensor>> stepPinned = new ArrayList<>();
    private OrtSession.Result last;
    private int step;
    private OrtPinnedOutputs promptOutputs;
    private OrtPinnedOutputs stepOutputs;
    private OrtPinnedOutputs lastOutputs;

    /** @param promptLogitPositions positions per sequence whose logits the prompt's pass returns: all, or 1 */
    OrtPreparedDecode(OrtEnvironment env, OrtSession session, ModelSpec spec, TokenInputs prompt,
                      long[][] stepTokens, int promptLogitPositions) {
        if (stepTokens.length == 0) {
            throw new IllegalArgumentException("a decode loop needs at least one step's tokens; got none");
        }
        this.session = session;
        this.spec = spec;
        try {
            int batch = prompt.batch();
            int promptLength = prompt.seqLen();
            OnnxJavaType cacheType = cacheType(session);

            promptFeed.put(ModelIo.INPUT_IDS, own(PinnedTensors.longs(env, prompt.ids(), prompt.shape())).tensor());
            List<OnnxTensor> empty = caches(env, cacheType, batch, 0);
            List<OnnxTensor> promptPresent = caches(env, cacheType, batch, promptLength);
            bindCache(promptFeed, empty, true);
            promptOutputs = own(new OrtPinnedOutputs(env, session, spec, batch, promptLength, promptLogitPositions));
            promptOutputs.addTo(promptPinned);
            bindCache(promptPinned, promptPresent, false);

            stepOutputs = own(new OrtPinnedOutputs(env, session, spec, batch, 1));
            int longest = promptLength + stepTokens.length;
            List<List<ByteBuffer>> pingPong = List.of(buffers(cacheType, batch, longest),
                    buffers(cacheType, batch, longest));
            List<OnnxTensor> past = promptPresent;
            for (int t = 0; t < stepTokens.length; t++) {
                Map<String, OnnxTensor> feed = new HashMap<>();
                feed.put(ModelIo.INPUT_IDS, own(PinnedTensors.longs(env, stepTokens[t],
                        new long[] {batch, 1})).tensor());
                bindCache(feed, past, true);
                List<OnnxTensor> present = views(env, cacheType, batch, promptLength + t + 1, pingPong.get(t % 2));
                Map<String, OnnxTensor> pinned = new HashMap<>();
                stepOutputs.addTo(pinned);
                bindCache(pinned, present, false);
                stepFeeds.add(feed);
                stepPinned.add(pinned);
                past = present;
            }
            prompt(); // fills the prompt's cache, which the first step reads
            release();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void prompt() {
        last = run(promptFeed, promptPinned, 0);
        lastOutputs = promptOutputs;
    }

    @Override
    public void step() {
        last = run(stepFeeds.get(step), stepPinned.get(step), step + 1);
        lastOutputs = stepOutputs;
        step = (step + 1) % stepFeeds.size();
    }

    private OrtSession.Result run(Map<String, OnnxTensor> feed, Map<String, OnnxTensor> pinned, int position) {
        try {
            return session.run(feed, pinned);
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime failed a decode pass of " + spec.name() + " at step " + position
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void release() {
        if (last != null) {
            last.close(); // owns none of the pinned outputs
            last = null;
        }
    }

    @Override
    public ForwardOutputs outputs() {
        if (lastOutputs == null) {
            throw new IllegalStateException("no prompt or step has run yet");
        }
        return lastOutputs.read();
    }

    /** Per layer keys then values, of the model's {@link KvCacheShape} at {@code length} positions, zero-filled. */
    private List<OnnxTensor> caches(OrtEnvironment env, OnnxJavaType type, int batch, int length) {
        List<OnnxTensor> out = new ArrayList<>();
        for (int i = 0; i < 2 * spec.layers(); i++) {
            out.add(own(PinnedTensors.allocate(env, type, cacheShape(i, batch, length))).tensor());
        }
        return out;
    }

    /** Per layer keys then values: one buffer each, for {@code length} positions. */
    private List<ByteBuffer> buffers(OnnxJavaType type, int batch, int length) {
        List<ByteBuffer> out = new ArrayList<>();
        for (int i = 0; i < 2 * spec.layers(); i++) {
            out.add(PinnedTensors.bytes(type, cacheShape(i, batch, length)));
        }
        return out;
    }

    /** Per layer keys then values of {@code length} positions, over {@code buffers}. */
    private List<OnnxTensor> views(OrtEnvironment env, OnnxJavaType type, int batch, int length,
                                   List<ByteBuffer> buffers) {
        List<OnnxTensor> out = new ArrayList<>();
        for (int i = 0; i < buffers.size(); i++) {
            out.add(own(PinnedTensors.view(env, type, cacheShape(i, batch, length), buffers.get(i))).tensor());
        }
        return out;
    }

    /** Entry i of a keys-then-values list: even entries are a layer's keys, odd ones its values. */
    private long[] cacheShape(int i, int batch, int length) {
        KvCacheShape shape = spec.kvCacheShape();
        return i % 2 == 0 ? shape.keys(batch, length) : shape.values(batch, length);
    }

    private void bindCache(Map<String, OnnxTensor> into, List<OnnxTensor> cache, boolean asPast) {
        for (int l = 0; l < spec.layers(); l++) {
            into.put(asPast ? ModelIo.pastKey(l) : ModelIo.presentKey(l), cache.get(2 * l));
            into.put(asPast ? ModelIo.pastValue(l) : ModelIo.presentValue(l), cache.get(2 * l + 1));
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    private static OnnxJavaType cacheType(OrtSession session) {
        try {
            NodeInfo info = session.getInputInfo().get(ModelIo.pastKey(0));
            return ((TensorInfo) info.getInfo()).type;
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime could not describe the decode graph's cache input: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        release();
        BackendException failure = null;
        for (AutoCloseable c : owned) { // close every one, report the first failure after
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new BackendException("could not free a pinned tensor: " + e.getMessage(), e);
                }
            }
        }
        owned.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
