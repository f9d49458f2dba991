package dev.portbench.scenarios.byo;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The element types a bring-your-own model's inputs may have: the id written in YAML, the ONNX
 * {@code TensorProto.DataType} number a graph declares, and the NumPy descr of a matching .npy file.
 */
public enum ElementType {
    FLOAT32("float32", 1, "<f4"),
    FLOAT64("float64", 11, "<f8"),
    INT64("int64", 7, "<i8"),
    INT32("int32", 6, "<i4");

    private final String id;
    private final int onnxType;
    private final String npyDescr;

    ElementType(String id, int onnxType, String npyDescr) {
        this.id = id;
        this.onnxType = onnxType;
        this.npyDescr = npyDescr;
    }

    /** As written in YAML, e.g. {@code int64}. */
    public String id() {
        return id;
    }

    /** The ONNX {@code TensorProto.DataType} number, e.g. 7 for int64. */
    public int onnxType() {
        return onnxType;
    }

    /** The little-endian NumPy descr, e.g. {@code <i8}. */
    public String npyDescr() {
        return npyDescr;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    public static Optional<ElementType> fromId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    public static Optional<ElementType> fromOnnxType(int onnxType) {
        return Arrays.stream(values()).filter(t -> t.onnxType == onnxType).findFirst();
    }

    public static Optional<ElementType> fromNpyDescr(String descr) {
        return Arrays.stream(values()).filter(t -> t.npyDescr.equals(descr)).findFirst();
    }

    /** The accepted ids, for messages: {@code float32, float64, int64, int32}. */
    public static String ids() {
        return Arrays.stream(values()).map(ElementType::id).collect(Collectors.joining(", "));
    }
}
