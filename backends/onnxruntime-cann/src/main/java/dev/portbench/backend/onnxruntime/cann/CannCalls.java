package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.OrtProfileTrace;
import dev.portbench.backend.Placement;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.onnxruntime.OrtAllocator;
import org.bytedeco.onnxruntime.OrtSession;
import org.bytedeco.onnxruntime.OrtValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The C API calls both of the backend's sessions make: a session's names, one Run, and the end of its profile. */
final class CannCalls {
    private CannCalls() {
    }

    static List<String> inputNames(CannRuntime rt, OrtSession session) {
        SizeTPointer count = new SizeTPointer(1);
        rt.check(rt.api.SessionGetInputCount(session, count), "SessionGetInputCount");
        OrtAllocator allocator = rt.defaultAllocator();
        List<String> names = new ArrayList<>();
        for (long i = 0; i < count.get(); i++) {
            PointerPointer<BytePointer> name = new PointerPointer<>(1);
            rt.check(rt.api.SessionGetInputName(session, i, allocator, name), "SessionGetInputName");
            names.add(rt.take(allocator, name));
        }
        return List.copyOf(names);
    }

    static List<String> outputNames(CannRuntime rt, OrtSession session) {
        SizeTPointer count = new SizeTPointer(1);
        rt.check(rt.api.SessionGetOutputCount(session, count), "SessionGetOutputCount");
        OrtAllocator allocator = rt.defaultAllocator();
        List<String> names = new ArrayList<>();
        for (long i = 0; i < count.get(); i++) {
            PointerPointer<BytePointer> name = new PointerPointer<>(1);
            rt.check(rt.api.SessionGetOutputName(session, i, allocator, name), "SessionGetOutputName");
            names.add(rt.take(allocator, name));
        }
        return List.copyOf(names);
    }

    /**
     * One Run; the outputs, in the order asked, belong to the caller.
     *
     * @throws CannStatusException with ORT's code and message when the run fails
     */
    static List<OrtValue> run(CannRuntime rt, OrtSession session, List<String> inputNames, List<OrtValue> inputs,
                              List<String> outputNames) {
        PointerPointer<OrtValue> out = new PointerPointer<>(outputNames.size());
        for (int i = 0; i < outputNames.size(); i++) {
            out.put(i, null);
        }
        rt.check(rt.api.Run(session, null, new PointerPointer<>(inputNames.toArray(String[]::new)),
                new PointerPointer<>(inputs.toArray(OrtValue[]::new)), inputs.size(),
                new PointerPointer<>(outputNames.toArray(String[]::new)), outputNames.size(), out), "Run");
        List<OrtValue> values = new ArrayList<>();
        for (int i = 0; i < outputNames.size(); i++) {
            values.add(out.get(OrtValue.class, i));
        }
        return values;
    }

    /**
     * Ends a profiled session's profile and reads where each node ran: on the CANN provider, or on ORT's CPU provider
     * (the operators CANN has no kernel for, e.g. Microsoft's contrib ops).
     */
    static Placement endProfile(CannRuntime rt, OrtSession session) {
        OrtAllocator allocator = rt.defaultAllocator();
        PointerPointer<BytePointer> out = new PointerPointer<>(1);
        rt.check(rt.api.SessionEndProfiling(session, allocator, out), "SessionEndProfiling");
        Path trace = Path.of(rt.take(allocator, out));
        return new Placement(OrtProfileTrace.read(trace), Set.of(CannExecutionProvider.PROVIDER), trace.toString());
    }
}
