package dev.portbench.scenarios.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portbench.scenarios.onnx.LowPrecision;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes fp32 values as a {@code .safetensors} file in F32, F16 or BF16 (rounded to nearest even), in the layout
 * Hugging Face's library writes: the header padded with spaces to a multiple of 8 bytes. The tests build tiny
 * checkpoints of each family with it.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Tensor(String dtype, long[] shape, float[] values) {
    }

    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    /** @param dtype F32, F16, BF16 or F8_E4M3 (values rounded to the nearest, saturating at ±448) */
    public SafetensorsWriter add(String name, String dtype, long[] shape, float[] values) {
        if (SafetensorsFile.width(dtype) == null) {
            throw new IllegalArgumentException("dtype " + dtype + "; expected F32, F16, BF16 or F8_E4M3");
        }
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape holds " + n + " values, " + values.length
                    + " given");
        }
        tensors.put(name, new Tensor(dtype, shape.clone(), values));
        return this;
    }

    public void write(Path file) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long bytes = (long) t.values().length * SafetensorsFile.width(t.dtype());
            ObjectNode node = header.putObject(e.getKey());
            node.put("dtype", t.dtype());
            var shape = node.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            node.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(json);
            out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
            for (Tensor t : tensors.values()) {
                int width = SafetensorsFile.width(t.dtype());
                ByteBuffer data = ByteBuffer.allocate(t.values().length * width).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : t.values()) {
                    switch (t.dtype()) {
                        case "F32" -> data.putFloat(v);
                        case "F16" -> data.putShort(LowPrecision.toFp16(v));
                        case "F8_E4M3" -> data.put(Fp8E4m3.encode(v));
                        default -> data.putShort(LowPrecision.toBf16(v));
                    }
                }
                out.write(data.array());
            }
        }
    }
}
