package dev.portbench.harness.env;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/** A recorded npu-smi output under src/test/resources/npu-smi, less the leading '#' lines that cite its source. */
public final class RecordedNpuSmi {
    private RecordedNpuSmi() {
    }

    public static String load(String name) {
        try (InputStream in = RecordedNpuSmi.class.getResourceAsStream("/npu-smi/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded output npu-smi/" + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // npu-smi never starts a line with '#', so the header comment is told apart safely.
            return text.lines().dropWhile(l -> l.startsWith("#")).collect(Collectors.joining("\n", "", "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
