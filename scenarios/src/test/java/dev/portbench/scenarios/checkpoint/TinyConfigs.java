package dev.portbench.scenarios.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;

/** The config.json of a {@link TinyCheckpoint}, to edit and read back. */
final class TinyConfigs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TinyConfigs() {
    }

    /** Writes the family's tiny checkpoint into {@code dir} and returns its config.json as an editable object. */
    static ObjectNode write(Path dir, String architecture) throws IOException {
        new TinyCheckpoint(architecture, "BF16", 3).write(dir);
        return (ObjectNode) JSON.readTree(dir.resolve(HfCheckpoint.CONFIG).toFile());
    }

    /** Replaces the checkpoint's config.json with {@code config}. */
    static void save(Path dir, ObjectNode config) throws IOException {
        JSON.writeValue(dir.resolve(HfCheckpoint.CONFIG).toFile(), config);
    }

    /** The config as transformers 5 saves it: rope_parameters, no top-level rope_theta or rope_scaling. */
    static ObjectNode ropeParameters(ObjectNode config, String ropeType) {
        ObjectNode p = config.putObject(RopeConfig.PARAMETERS);
        p.put("rope_type", ropeType);
        p.put("rope_theta", config.path("rope_theta").asDouble());
        config.remove("rope_theta");
        config.remove("rope_scaling");
        return p;
    }
}
