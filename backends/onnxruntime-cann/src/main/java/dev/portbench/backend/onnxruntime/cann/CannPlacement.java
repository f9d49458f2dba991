package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.Placement;
import org.bytedeco.onnxruntime.OrtSession;

import java.util.Optional;

/**
 * Where a session's nodes ran, read once from its profile ({@link CannCalls#endProfile}, which ends the profile);
 * empty for a session created without ORT's profiler (only the accuracy pass's audit has it on).
 */
final class CannPlacement {
    private final CannRuntime rt;
    private final OrtSession session;
    private final boolean profiled;
    private Placement placement;

    CannPlacement(CannRuntime rt, OrtSession session, boolean profiled) {
        this.rt = rt;
        this.session = session;
        this.profiled = profiled;
    }

    synchronized Optional<Placement> get() {
        if (!profiled) {
            return Optional.empty();
        }
        if (placement == null) {
            placement = CannCalls.endProfile(rt, session);
        }
        return Optional.of(placement);
    }
}
