package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.OrtProfileTrace;
import dev.portbench.backend.Placement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The placement audit of one profiled session: ORT profiles the session's runs from its creation (profiling is a
 * session option), and ending the profile writes the trace the audit reads. Sessions that were not profiled have no
 * audit ({@link #NONE}).
 */
final class OrtAudit {
    static final OrtAudit NONE = new OrtAudit(Set.of(), false);

    private final Set<String> accelerators;
    private final boolean profiled;
    private Placement placement;

    private OrtAudit(Set<String> accelerators, boolean profiled) {
        this.accelerators = accelerators;
        this.profiled = profiled;
    }

    /** A session profiled from its creation, on a backend whose accelerator providers are {@code accelerators}. */
    static OrtAudit profiled(Set<String> accelerators) {
        return new OrtAudit(accelerators, true);
    }

    /** The trace's file prefix under {@code dir}: ORT appends the date and {@code .json}. */
    static String profilePrefix(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new BackendException("cannot create the profile directory " + dir + ": " + e.getMessage(), e);
        }
        return dir.resolve("ort-profile").toString();
    }

    /** Ends the session's profile and reads it, once; later calls return the same placement. */
    synchronized Optional<Placement> placement(OrtSession session) {
        if (!profiled) {
            return Optional.empty();
        }
        if (placement == null) {
            try {
                Path trace = Path.of(session.endProfiling());
                placement = new Placement(OrtProfileTrace.read(trace), accelerators, trace.toString());
            } catch (OrtException e) {
                throw new BackendException("ONNX Runtime could not end the session's profile: " + e.getMessage(), e);
            }
        }
        return Optional.of(placement);
    }
}
