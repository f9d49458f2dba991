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
}
