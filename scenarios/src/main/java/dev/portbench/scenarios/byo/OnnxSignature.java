package dev.portbench.scenarios.byo;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The inputs a graph really takes (graph inputs that are not initializers: old exporters list weights as inputs too)
 * and the outputs it gives, read from the model file without loading any runtime.
 */
public record OnnxSignature(List<Tensor> inputs, List<Tensor> outputs) {

    public OnnxSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** One dimension: a fixed size, or a symbolic name (an unnamed free dimension reads as {@code ?}). */
    public record Dim(long size, String symbol) {
        public static Dim fixed(long size) {
            return new Dim(size, null);
        }

        public static Dim symbolic(String symbol) {
            return new Dim(-1, symbol);
        }

        public boolean isFixed() {
            return symbol == null;
        }

        @Override
        public String toString() {
            return isFixed() ? Long.toString(size) : symbol;
        }
    }

    /**
     * A named tensor of the graph. {@code onnxType} is the {@code TensorProto.DataType} number, 0 for a value that is
     * not a tensor (sequence, map); {@code dims} is empty for a scalar or a tensor of unknown rank.
     */
    public record Tensor(String name, int onnxType, List<Dim> dims, boolean rankKnown) {
        public Tensor {
            dims = List.copyOf(dims);
        }

        public Optional<ElementType> elementType() {
            return ElementType.fromOnnxType(onnxType);
        }

        /** {@code float32}, {@code int64}, or ONNX's own name for types a spec cannot give, e.g. {@code float16}. */
        public String typeName() {
            if (onnxType == 0) {
                return "non-tensor";
            }
            return elementType().map(ElementType::id).orElseGet(() -> {
                OnnxMl.TensorProto.DataType t = OnnxMl.TensorProto.DataType.forNumber(onnxType);
                return t == null ? "type " + onnxType : t.name().toLowerCase(Locale.ROOT);
            });
        }

        /** E.g. {@code int64 [batch, 16]}; {@code [?...]} when the rank is unknown. */
        @Override
        public String toString() {
            String shape = rankKnown ? dims.stream().map(Dim::toString).collect(Collectors.joining(", ")) : "?...";
            return typeName() + " [" + shape + "]";
        }
    }

    public Optional<Tensor> input(String name) {
        return inputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** @throws IOException when the file cannot be read or is not an ONNX model */
    public static OnnxSignature read(Path onnx) throws IOException {
        OnnxMl.ModelProto model;
        try (InputStream in = Files.newInputStream(onnx)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE); // models with inline weights exceed protobuf's old 64 MB default
            model = OnnxMl.ModelProto.parseFrom(coded);
        }
        if (!model.hasGraph()) {
            throw new IOException(onnx + " holds no graph; expected an ONNX model");
        }
        return of(model.getGraph());
    }

    public static OnnxSignature of(OnnxMl.GraphProto graph) {
        Set<String> initializers = new HashSet<>();
        graph.getInitializerList().forEach(t -> initializers.add(t.getName()));
        List<Tensor> inputs = graph.getInputList().stream()
                .filter(v -> !initializers.contains(v.getName()))
                .map(OnnxSignature::tensor).toList();
        List<Tensor> outputs = graph.getOutputList().stream().map(OnnxSignature::tensor).toList();
        return new OnnxSignature(inputs, outputs);
    }

    private static Tensor tensor(OnnxMl.ValueInfoProto v) {
        if (!v.getType().hasTensorType()) {
            return new Tensor(v.getName(), 0, List.of(), false);
        }
        OnnxMl.TypeProto.Tensor t = v.getType().getTensorType();
        if (!t.hasShape()) {
            return new Tensor(v.getName(), t.getElemType(), List.of(), false);
        }
        List<Dim> dims = t.getShape().getDimList().stream().map(d -> switch (d.getValueCase()) {
            case DIM_VALUE -> Dim.fixed(d.getDimValue());
            case DIM_PARAM -> Dim.symbolic(d.getDimParam());
            default -> Dim.symbolic("?");
        }).toList();
        return new Tensor(v.getName(), t.getElemType(), dims, true);
    }
}
