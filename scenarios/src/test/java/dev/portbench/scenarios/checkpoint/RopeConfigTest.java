package dev.portbench.scenarios.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rope_theta and the scaling from transformers 5's rope_parameters or the earlier top-level fields. */
class RopeConfigTest {
    @TempDir
    Path dir;

    private ObjectNode config;
    private Path file;

    private ObjectNode deepSeek() throws IOException {
        config = TinyConfigs.write(dir.resolve("v3"), HfConfig.DEEPSEEK_V3);
        file = dir.resolve("v3").resolve("config.json");
        return config;
    }

    private HfConfig read() {
        return new HfConfig(file, config);
    }

    private String refusal() {
        return assertThrows(CheckpointException.class, () -> RopeConfig.theta(read(), 10_000)).getMessage();
    }

    @Test
    void ropeParametersAreReadWhereTheTopLevelFieldsAreLeftOut() throws IOException {
        deepSeek().put("rope_theta", 50_000.0);
        TinyConfigs.ropeParameters(config, "default").put("rope_theta", 1_000_000);
        assertEquals(1e6, RopeConfig.theta(read(), 10_000));
        assertNull(RopeConfig.scaling(read()), "rope_type default: plain RoPE");
        config.with(RopeConfig.PARAMETERS).remove("rope_theta");
        assertEquals(10_000, RopeConfig.theta(read(), 10_000), "neither says: the family's default");
        config.put("rope_theta", 20_000);
        assertEquals(20_000, RopeConfig.theta(read(), 10_000), "only the top level says");
    }

    @Test
    void aYarnInRopeParametersIsItsFieldsWithoutTheTopLevel() throws IOException {
        ObjectNode yarn = deepSeek().with("rope_scaling").deepCopy();
        ObjectNode p = TinyConfigs.ropeParameters(config, "yarn");
        yarn.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("type")) {
                p.set(f.getKey(), f.getValue());
            }
        });
        RopeConfig.Scaling s = RopeConfig.scaling(read());
        assertEquals("yarn", s.type());
        assertTrue(s.nested());
        assertSame(config.get(RopeConfig.PARAMETERS), s.fields());
        assertEquals(10_000, RopeConfig.theta(read(), 1));
    }

    /** Both forms may be present where they say the same: 500000 and 500000.0, type and rope_type. */
    @Test
    void topLevelFieldsThatAgreeWithRopeParametersAreAccepted() throws IOException {
        ObjectNode yarn = deepSeek().with("rope_scaling").deepCopy();
        ObjectNode p = TinyConfigs.ropeParameters(config, "yarn");
        p.put("rope_theta", 10_000);
        yarn.fields().forEachRemaining(f -> p.set(f.getKey().equals("type") ? "rope_type" : f.getKey(),
                f.getValue()));
        p.put("factor", 4); // 4.0 in rope_scaling
        config.put("rope_theta", 10_000.0);
        config.set("rope_scaling", yarn);
        assertEquals(10_000, RopeConfig.theta(read(), 1));
        assertEquals("yarn", RopeConfig.scaling(read()).type());
        config.putNull("rope_scaling"); // null says nothing
        assertTrue(RopeConfig.scaling(read()).nested());
    }

    @Test
    void topLevelFieldsThatDisagreeWithRopeParametersAreRefusedNamingBoth() throws IOException {
        ObjectNode yarn = deepSeek().with("rope_scaling").deepCopy();
        TinyConfigs.ropeParameters(config, "default").put("rope_theta", 1_000_000.0);
        config.put("rope_theta", 10_000.0);
        assertEquals(file + ": field rope_theta = 10000.0 and field rope_parameters.rope_theta = 1000000.0 disagree;"
                + " expected one of them, or both saying the same (transformers 5 reads rope_parameters.rope_theta,"
                + " earlier versions rope_theta)", refusal());
        config.remove("rope_theta");
        config.set("rope_scaling", yarn);
        String e = assertThrows(CheckpointException.class, () -> read()).getMessage();
        assertTrue(e.startsWith(file + ": field rope_scaling = {\"type\":\"yarn\",\"factor\":4.0,"), e);
        assertTrue(e.endsWith(" and field rope_parameters = {\"rope_type\":\"default\",\"rope_theta\":1000000.0}"
                + " disagree; expected one of them, or both saying the same (transformers 5 reads rope_parameters,"
                + " earlier versions rope_scaling)"), e);
        ObjectNode p = config.with(RopeConfig.PARAMETERS);
        yarn.fields().forEachRemaining(f -> p.set(f.getKey(), f.getValue()));
        p.put("rope_type", "yarn");
        read(); // now the same
        p.put("factor", 8.0);
        assertTrue(assertThrows(CheckpointException.class, () -> read()).getMessage().contains("disagree"));
        p.put("factor", 4.0);
        p.remove("beta_fast"); // rope_scaling's 32 against YaRN's default, which transformers 5 would take
        assertTrue(assertThrows(CheckpointException.class, () -> read()).getMessage().contains("disagree"));
    }

    @Test
    void ropeParametersMustBeAnObjectWithARopeType() throws IOException {
        deepSeek().put(RopeConfig.PARAMETERS, "yarn");
        assertEquals(file + ": field rope_parameters = \"yarn\"; expected an object with rope_type and rope_theta"
                + " (transformers 5's RoPE fields)", assertThrows(CheckpointException.class, () -> read())
                .getMessage());
        config.putObject(RopeConfig.PARAMETERS).put("rope_theta", 10_000);
        config.remove("rope_scaling");
        assertEquals(file + ": field rope_parameters.rope_type = missing; expected a RoPE type: \"default\" for plain"
                + " RoPE, or the scaling's (transformers 5 always writes one)", assertThrows(
                CheckpointException.class, () -> read()).getMessage());
        config.with(RopeConfig.PARAMETERS).put("rope_type", "default").put("rope_theta", "big");
        assertEquals(file + ": field rope_parameters.rope_theta = \"big\"; expected a number, RoPE's base",
                refusal());
    }
}
