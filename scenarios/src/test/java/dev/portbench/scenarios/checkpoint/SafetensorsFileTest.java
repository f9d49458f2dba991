package dev.portbench.scenarios.checkpoint;

import dev.portbench.scenarios.onnx.LowPrecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsFileTest {
    @TempDir
    Path dir;

    @Test
    void readsBackWhatTheWriterWroteInEachDtype() throws IOException {
        float[] v = {1f, -2.5f, 0.1f, 65504f, 3.14159f, -0f};
        Path file = dir.resolve("t.safetensors");
        new SafetensorsWriter().add("a", "F32", new long[] {2, 3}, v).add("b", "F16", new long[] {6}, v)
                .add("c", "BF16", new long[] {3, 2}, v).write(file);
        SafetensorsFile st = SafetensorsFile.open(file);
        assertEquals(java.util.List.of("a", "b", "c"), java.util.List.copyOf(st.entries().keySet()));
        assertArrayEquals(new long[] {2, 3}, st.entries().get("a").shape());
        assertArrayEquals(v, st.floats("a"));
        for (int i = 0; i < v.length; i++) {
            assertEquals(LowPrecision.fromFp16(LowPrecision.toFp16(v[i])), st.floats("b")[i]);
            assertEquals(LowPrecision.fromBf16(LowPrecision.toBf16(v[i])), st.floats("c")[i]);
        }
        assertEquals(0.099975586f, st.floats("b")[2], "fp16's nearest to 0.1");
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "the header is padded to 8 bytes, as Hugging Face's writer does");
    }

    /** A file written by hand as the format defines it, so the reader is not only checked against its own writer. */
    @Test
    void readsAHandWrittenFileAndRefusesOtherDtypesByName() throws IOException {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2],"
                + "\"data_offsets\":[0,8]},\"q\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[8,10]},"
                + "\"i\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[10,12]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putFloat(1.5f).putFloat(-4f).put((byte) 0x38).put((byte) 0xBC).put((byte) 1)
                .put((byte) 2);
        Path file = Files.write(dir.resolve("hand.safetensors"), b.array());
        SafetensorsFile st = SafetensorsFile.open(file);
        assertArrayEquals(new float[] {1.5f, -4f}, st.floats("w"));
        assertArrayEquals(new float[] {1f, -1.5f}, st.floats("q")); // E4M3 0x38 and 0xBC
        CheckpointException e = assertThrows(CheckpointException.class, () -> st.floats("i"));
        assertEquals(file + ": tensor i is I8; expected F32, F16, BF16 or F8_E4M3", e.getMessage());
    }

    @Test
    void aTensorWhoseBytesDoNotMatchItsShapeIsNamed() throws IOException {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putFloat(1f).putFloat(2f);
        Path file = Files.write(dir.resolve("short.safetensors"), b.array());
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsFile.open(file));
        assertEquals(file + ": tensor w (F32 [3]) spans bytes 0 to 8 of the data; expected 12 bytes inside the"
                + " file's 8 data bytes", e.getMessage());
        Path junk = Files.write(dir.resolve("junk.safetensors"), new byte[] {1, 2, 3});
        assertEquals(junk + ": 3 bytes; expected a safetensors file (an 8-byte header length, a JSON header, the"
                + " data)", assertThrows(CheckpointException.class, () -> SafetensorsFile.open(junk)).getMessage());
    }
    /** A file as the format defines it: the header, then {@code dataBytes} bytes of data (1, 2, 3, ...). */
    private Path handWritten(String name, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (int i = 0; i < dataBytes; i++) {
            b.put((byte) (i + 1));
        }
        return Files.write(dir.resolve(name), b.array());
    }

    /** One tensor's header entry: dtype, shape [n] and data_offsets [begin, end]. */
    private static String tensor(String name, String dtype, int n, int begin, int end) {
        return String.format(java.util.Locale.ROOT, "\"%s\":{\"dtype\":\"%s\",\"shape\":[%d],\"data_offsets\":[%d,%d]}",
                name, dtype, n, begin, end);
    }

    private static String header(String... tensors) {
        return "{" + String.join(",", tensors) + "}";
    }

    private static String refusal(Path file) {
        return assertThrows(CheckpointException.class, () -> SafetensorsFile.open(file)).getMessage();
    }

    /** Hugging Face's loader wants the ranges back to back in order of start, whatever the header's order. */
    @Test
    void rangesInAnyHeaderOrderThatTileTheDataAreRead() throws IOException {
        Path file = handWritten("order.safetensors", header(tensor("b", "F16", 2, 8, 12), tensor("e", "F32", 0, 8, 8),
                tensor("a", "F32", 2, 0, 8)), 12);
        SafetensorsFile st = SafetensorsFile.open(file);
        ByteBuffer expected = ByteBuffer.wrap(new byte[] {9, 10, 11, 12}).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(LowPrecision.fromFp16(expected.getShort(0)), st.floats("b")[0], "b reads bytes 8 and 9");
        assertEquals(LowPrecision.fromFp16(expected.getShort(2)), st.floats("b")[1]);
        assertEquals(0, st.floats("e").length);
    }

    @Test
    void overlappingRangesAreRefusedNamingBothTensors() throws IOException {
        Path file = handWritten("overlap.safetensors", header(tensor("a", "F32", 2, 0, 8),
                tensor("b", "F32", 2, 4, 12)), 12);
        assertEquals(file + ": tensors a (bytes 0 to 8 of the data) and b (bytes 4 to 12) overlap; expected b to"
                + " start at byte 8, where a ends (safetensors' data holds the tensors back to back)", refusal(file));
        Path same = handWritten("same.safetensors", header(tensor("a", "F32", 2, 0, 8), tensor("b", "F32", 2, 0, 8)),
                8);
        assertTrue(refusal(same).startsWith(same + ": tensors a (bytes 0 to 8 of the data) and b (bytes 0 to 8)"
                + " overlap"), refusal(same));
    }

    @Test
    void gapsAndTrailingBytesAreRefused() throws IOException {
        Path gap = handWritten("gap.safetensors", header(tensor("a", "F32", 2, 0, 8), tensor("b", "F32", 2, 12, 20)),
                20);
        assertEquals(gap + ": tensors a (bytes 0 to 8 of the data) and b (bytes 12 to 20) leave bytes 8 to 12 of the"
                + " data to no tensor; expected b to start at byte 8, where a ends (safetensors' data holds the"
                + " tensors back to back)", refusal(gap));
        Path late = handWritten("late.safetensors", header(tensor("a", "F32", 2, 4, 12)), 12);
        assertEquals(late + ": the first tensor in the data, a, spans bytes 4 to 12; expected it to start at byte 0"
                + " (safetensors' data holds the tensors back to back)", refusal(late));
        Path trailing = handWritten("trailing.safetensors", header(tensor("a", "F32", 2, 0, 8)), 12);
        assertEquals(trailing + ": the data holds 12 bytes, but its last tensor, a, ends at byte 8; expected the file"
                + " to end where its last tensor does", refusal(trailing));
        Path none = handWritten("none.safetensors", "{\"__metadata__\":{}}", 4);
        assertEquals(none + ": the data holds 4 bytes, but the header names no tensor; expected the file to end where"
                + " its last tensor does", refusal(none));
    }

    /** The checkpoints the tests build are files Hugging Face's loader would take too. */
    @Test
    void everyTinyCheckpointIsContiguous() throws IOException {
        for (String arch : HfConfig.SUPPORTED) {
            for (String dtype : new String[] {"F32", "BF16", TinyCheckpoint.FP8}) {
                Path ckpt = new TinyCheckpoint(arch, dtype, 1).write(dir.resolve(arch + "-" + dtype));
                Path file = ckpt.resolve("model.safetensors");
                SafetensorsFile st = SafetensorsFile.open(file);
                long end = st.entries().values().stream().mapToLong(SafetensorsFile.Entry::end).max().orElseThrow();
                assertEquals(Files.size(file), end, file.toString());
            }
        }
    }
}
