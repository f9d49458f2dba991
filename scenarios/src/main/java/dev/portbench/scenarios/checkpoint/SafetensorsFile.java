package dev.portbench.scenarios.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portbench.scenarios.onnx.LowPrecision;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code .safetensors} file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
 * shape and byte range, then the data. Tensors are read one at a time through a memory map of their own range, so a
 * shard of any size is never loaded whole. DJL reads safetensors too, but holds the whole data block in one byte array
 * and its offsets in ints (2 GiB at most): real shards are larger, hence this reader.
 */
public final class SafetensorsFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A header larger than this is not a safetensors header (the format caps it at 100 MB). */
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    /** Where one tensor lies: its dtype as the file names it, its shape, and its bytes' range in the file. */
    public record Entry(String dtype, long[] shape, long begin, long end) {
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final Path file;
    private final Map<String, Entry> entries;

    private SafetensorsFile(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /**
     * Reads and checks the header: every tensor's range lies in the file and holds exactly its shape's bytes, and the
     * ranges tile the data section without overlap or gap.
     */
    public static SafetensorsFile open(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CheckpointException(file + ": " + size + " bytes; expected a safetensors file (an 8-byte"
                        + " header length, a JSON header, the data)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw new CheckpointException(file + ": header length " + headerLength + " in a file of " + size
                        + " bytes; expected a safetensors header of at most 100 MB inside the file");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(ch, header, 8);
            JsonNode root = JSON.readTree(header.array());
            long dataStart = 8 + headerLength;
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getKey().equals("__metadata__")) {
                    entries.put(f.getKey(), entry(file, f.getKey(), f.getValue(), dataStart, size));
                }
            }
            checkContiguous(file, entries, dataStart, size);
            return new SafetensorsFile(file, entries);
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read it as safetensors: " + e.getMessage(), e);
        }
    }

    private static Entry entry(Path file, String name, JsonNode t, long dataStart, long size) {
        String dtype = t.path("dtype").asText("");
        JsonNode offsets = t.path("data_offsets");
        if (dtype.isEmpty() || !t.path("shape").isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new CheckpointException(file + ": tensor " + name + " has header " + t + "; expected dtype, shape"
                    + " and data_offsets [begin, end]");
        }
        long[] shape = new long[t.path("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.path("shape").get(i).asLong();
        }
        Entry e = new Entry(dtype, shape, dataStart + offsets.get(0).asLong(), dataStart + offsets.get(1).asLong());
        Integer width = width(dtype);
        if (e.begin() < dataStart || e.end() > size || e.end() < e.begin()
                || (width != null && e.end() - e.begin() != e.elements() * width)) {
            throw new CheckpointException(String.format(Locale.ROOT, "%s: tensor %s (%s %s) spans bytes %d"
                            + " to %d of the data; expected %s inside the file's %d data bytes", file, name, dtype,
                    Arrays.toString(shape), e.begin() - dataStart, e.end() - dataStart,
                    width == null ? "a range" : e.elements() * width + " bytes", size - dataStart));
        }
        return e;
    }

    /**
     * The tensors' ranges, in order of start, must tile the data section from 0 to its end, as Hugging Face's
     * safetensors loader requires: an overlap would read one tensor's bytes as another's, a gap or a longer data
     * section is a file its own library refuses.
     */
    private static void checkContiguous(Path file, Map<String, Entry> entries, long dataStart, long size) {
        List<Map.Entry<String, Entry>> byStart = new ArrayList<>(entries.entrySet());
        byStart.sort(Comparator.comparingLong((Map.Entry<String, Entry> e) -> e.getValue().begin())
                .thenComparingLong(e -> e.getValue().end()));
        long expected = dataStart;
        String previous = null;
        for (Map.Entry<String, Entry> e : byStart) {
            Entry t = e.getValue();
            if (t.begin() != expected) {
                String what = t.begin() < expected ? "overlap" : "leave bytes " + (expected - dataStart) + " to "
                        + (t.begin() - dataStart) + " of the data to no tensor";
                throw new CheckpointException(previous == null
                        ? String.format(Locale.ROOT, "%s: the first tensor in the data, %s, spans bytes %d to %d;"
                                + " expected it to start at byte 0 (safetensors' data holds the tensors back to"
                                + " back)", file, e.getKey(), t.begin() - dataStart, t.end() - dataStart)
                        : String.format(Locale.ROOT, "%s: tensors %s (bytes %d to %d of the data) and %s (bytes %d to"
                                + " %d) %s; expected %s to start at byte %d, where %s ends (safetensors' data holds"
                                + " the tensors back to back)", file, previous,
                        entries.get(previous).begin() - dataStart, expected - dataStart, e.getKey(),
                        t.begin() - dataStart, t.end() - dataStart, what, e.getKey(), expected - dataStart,
                        previous));
            }
            expected = t.end();
            previous = e.getKey();
        }
        if (expected != size) {
            throw new CheckpointException(String.format(Locale.ROOT, "%s: the data holds %d bytes, but %s; expected"
                    + " the file to end where its last tensor does", file, size - dataStart, previous == null
                    ? "the header names no tensor" : "its last tensor, " + previous + ", ends at byte "
                    + (expected - dataStart)));
        }
    }

    /** Bytes per element of the dtypes portbench converts; null for the others. */
    static Integer width(String dtype) {
        return switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            case "F8_E4M3" -> 1;
            default -> null;
        };
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        while (dst.hasRemaining()) {
            if (ch.read(dst, position + dst.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    public Path file() {
        return file;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /**
     * One tensor's values as fp32, row-major as stored: F32 as is, F16, BF16 and F8_E4M3 widened exactly (an FP8
     * tensor's block scales are the caller's to apply).
     *
     * @throws CheckpointException for another dtype (integers, other FP8 formats) or a tensor of 2³¹ elements or more
     */
    public float[] floats(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new CheckpointException(file + ": no tensor named " + name);
        }
        if (width(e.dtype()) == null) {
            throw new CheckpointException(file + ": tensor " + name + " is " + e.dtype() + "; expected F32, F16, BF16"
                    + " or F8_E4M3");
        }
        if (e.end() - e.begin() > Integer.MAX_VALUE) { // one memory map, one Java array
            throw new CheckpointException(file + ": tensor " + name + " holds " + (e.end() - e.begin()) + " bytes;"
                    + " expected at most 2 GiB per tensor (its layers can be cut, its width cannot)");
        }
        float[] out = new float[(int) e.elements()];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, e.begin(), e.end() - e.begin())
                    .order(ByteOrder.LITTLE_ENDIAN);
            switch (e.dtype()) {
                case "F32" -> data.asFloatBuffer().get(out);
                case "F16" -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = LowPrecision.fromFp16(data.getShort(2 * i));
                    }
                }
                case "F8_E4M3" -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = Fp8E4m3.decode(data.get(i));
                    }
                }
                default -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = LowPrecision.fromBf16(data.getShort(2 * i));
                    }
                }
            }
        } catch (IOException ex) {
            throw new CheckpointException(file + ": cannot read tensor " + name + ": " + ex.getMessage(), ex);
        }
        return out;
    }
}
