package dev.portbench.scenarios.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A local Hugging Face checkpoint folder: {@code config.json} and the weights, one {@code model.safetensors} or shards
 * listed by {@code model.safetensors.index.json}. Opening reads the config and every shard's header, never a tensor's
 * data; nothing is ever fetched: a missing file is an error naming it.
 */
public final class HfCheckpoint {
    static final String CONFIG = "config.json";
    static final String SINGLE = "model.safetensors";
    static final String INDEX = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final JsonNode config;
    /** Each tensor's shard. */
    private final Map<String, SafetensorsFile> shardOf;

    private HfCheckpoint(Path dir, JsonNode config, Map<String, SafetensorsFile> shardOf) {
        this.dir = dir;
        this.config = config;
        this.shardOf = shardOf;
    }

    public static HfCheckpoint open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("checkpoint " + dir + " is not a folder; expected a Hugging Face checkpoint"
                    + " folder with " + CONFIG + " and " + SINGLE + " (or " + INDEX + " and its shards)");
        }
        JsonNode config = json(dir.resolve(CONFIG));
        Map<String, SafetensorsFile> shardOf = new HashMap<>();
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            JsonNode map = json(index).path("weight_map");
            if (!map.isObject() || map.isEmpty()) {
                throw new CheckpointException(index + ": field weight_map is " + map + "; expected an object mapping"
                        + " each tensor name to its shard file");
            }
            Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String shardName = e.getValue().asText();
                SafetensorsFile shard = shards.computeIfAbsent(shardName, n -> openShard(dir, index, n));
                if (!shard.entries().containsKey(e.getKey())) {
                    throw new CheckpointException(index + " puts tensor " + e.getKey() + " in " + shardName
                            + ", which has no tensor of that name");
                }
                shardOf.put(e.getKey(), shard);
            }
        } else if (Files.isRegularFile(dir.resolve(SINGLE))) {
            SafetensorsFile single = SafetensorsFile.open(dir.resolve(SINGLE));
            single.entries().keySet().forEach(n -> shardOf.put(n, single));
        } else {
            throw new CheckpointException("checkpoint " + dir + " has neither " + SINGLE + " nor " + INDEX
                    + "; expected the weights as safetensors (portbench downloads nothing)");
        }
        return new HfCheckpoint(dir, config, shardOf);
    }

    private static SafetensorsFile openShard(Path dir, Path index, String name) {
        Path shard = dir.resolve(name);
        if (!Files.isRegularFile(shard)) {
            throw new CheckpointException(index + " names shard " + name + ", which is missing: expected " + shard);
        }
        return SafetensorsFile.open(shard);
    }

    private static JsonNode json(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("missing " + file + "; expected it in a Hugging Face checkpoint folder");
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    public JsonNode config() {
        return config;
    }

    public Path configFile() {
        return dir.resolve(CONFIG);
    }

    /** The header entry of a tensor; null when no shard has it. */
    public SafetensorsFile.Entry entry(String hfName) {
        SafetensorsFile shard = shardOf.get(hfName);
        return shard == null ? null : shard.entries().get(hfName);
    }

    /** Where a tensor lives, for messages. */
    public Path fileOf(String hfName) {
        SafetensorsFile shard = shardOf.get(hfName);
        return shard == null ? dir : shard.file();
    }

    public float[] floats(String hfName) {
        SafetensorsFile shard = shardOf.get(hfName);
        if (shard == null) {
            throw new CheckpointException("checkpoint " + dir + " has no tensor named " + hfName);
        }
        return shard.floats(hfName);
    }
}
