package dev.portbench.scenarios.byo;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks a bring-your-own spec against the graph before any backend loads it, so a wrong name, type or shape is one
 * clear line instead of a runtime's error from deep inside a session.
 */
public final class ByoCheck {
    /** What {@link OnnxSignature} calls a dimension that has neither a size nor a name. */
    private static final String UNNAMED = "?";

    private ByoCheck() {
    }

    /**
     * @throws InputMismatchException at the first spec input the model does not have, model input the spec does not
     *                                give, input whose type, rank or fixed dimension differs, or dimension
     *                                symbol that two inputs give different sizes; or when no output is fp32 or
     *                                fp64, the only types drift compares
     */
    public static void against(ByoModel model, OnnxSignature signature) {
        for (InputSpec in : model.inputs()) {
            if (signature.input(in.name()).isEmpty()) {
                throw new InputMismatchException(model.name() + ": input '" + in.name() + "' (" + given(in)
                        + ") is not an input of " + model.onnx() + "; the model's inputs are " + all(signature));
            }
        }
        for (OnnxSignature.Tensor t : signature.inputs()) {
            Optional<InputSpec> in = model.inputs().stream().filter(s -> s.name().equals(t.name())).findFirst();
            if (in.isEmpty()) {
                throw new InputMismatchException(model.name() + ": the model's input '" + t.name() + "' (" + t
                        + ") has no spec; expected an entry under inputs for each of " + all(signature));
            }
            mismatch(in.get(), t).ifPresent(why -> {
                throw new InputMismatchException(model.name() + ": input '" + t.name() + "': the model expects " + t
                        + ", the spec gives " + given(in.get()) + " (" + why + ")");
            });
        }
        bindSymbols(model, signature);
        requireComparableOutput(model, signature);
    }

    /**
     * Drift compares the first fp32 or fp64 output; backends save no other type (fp16 among them), so a model without
     * one would run every cell and give each row "no drift" with only a missing file's path for a reason.
     */
    private static void requireComparableOutput(ByoModel model, OnnxSignature signature) {
        boolean comparable = signature.outputs().stream()
                .anyMatch(t -> t.elementType().filter(ElementType::isFloatingPoint).isPresent());
        if (!comparable) {
            throw new InputMismatchException(model.name() + ": " + model.onnx() + " has no float32 or float64 output,"
                    + " and drift needs at least one (outputs of other types, float16 among them, are not saved); the"
                    + " model's outputs are " + describe(signature.outputs()));
        }
    }

    /**
     * A dimension symbol ({@code batch}, {@code seq}) is one size for the whole graph: inputs that give it different
     * sizes would pass each input's own check and then fail inside the runtime, or broadcast silently.
     */
    private static void bindSymbols(ByoModel model, OnnxSignature signature) {
        record Bound(long size, String input) {
        }
        Map<String, Bound> bound = new HashMap<>();
        for (OnnxSignature.Tensor t : signature.inputs()) {
            if (!t.rankKnown()) {
                continue;
            }
            long[] shape = model.inputs().stream().filter(s -> s.name().equals(t.name())).findFirst().orElseThrow()
                    .shape();
            for (int i = 0; i < shape.length; i++) {
                OnnxSignature.Dim d = t.dims().get(i);
                if (d.isFixed() || d.symbol().equals(UNNAMED)) {
                    continue; // an unnamed dimension is free in each input on its own
                }
                Bound first = bound.putIfAbsent(d.symbol(), new Bound(shape[i], t.name()));
                if (first != null && first.size() != shape[i]) {
                    throw new InputMismatchException(String.format(Locale.ROOT, "%s: dimension '%s' is %d in input"
                                    + " '%s' but %d in input '%s'; expected one size for '%s' across all inputs",
                            model.name(), d.symbol(), first.size(), first.input(), shape[i], t.name(), d.symbol()));
                }
            }
        }
    }

    /** Why the spec does not fit the model's input, if it does not. */
    private static Optional<String> mismatch(InputSpec in, OnnxSignature.Tensor t) {
        if (t.onnxType() != in.dtype().onnxType()) {
            return Optional.of("element type differs");
        }
        if (!t.rankKnown()) {
            return Optional.empty(); // any rank fits a graph that declares none
        }
        long[] shape = in.shape();
        List<OnnxSignature.Dim> dims = t.dims();
        if (dims.size() != shape.length) {
            return Optional.of(String.format(Locale.ROOT, "rank %d, expected %d", shape.length, dims.size()));
        }
        for (int i = 0; i < shape.length; i++) {
            OnnxSignature.Dim d = dims.get(i);
            if (d.isFixed() && d.size() != shape[i]) {
                return Optional.of(String.format(Locale.ROOT, "dimension %d is %d, expected %d", i, shape[i],
                        d.size()));
            }
        }
        return Optional.empty();
    }

    private static String given(InputSpec in) {
        return in.dtype().id() + " " + Arrays.stream(in.shape()).mapToObj(Long::toString)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String all(OnnxSignature signature) {
        return describe(signature.inputs());
    }

    private static String describe(List<OnnxSignature.Tensor> tensors) {
        if (tensors.isEmpty()) {
            return "none";
        }
        return tensors.stream().map(t -> t.name() + " " + t).collect(Collectors.joining(", "));
    }
}
