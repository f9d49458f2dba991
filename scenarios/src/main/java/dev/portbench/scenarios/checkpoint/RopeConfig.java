package dev.portbench.scenarios.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;
import java.util.TreeSet;

/**
 * Where a {@code config.json} states its RoPE. transformers 5 saves one {@code rope_parameters} object (rope_type,
 * rope_theta and the scaling's fields) and may leave out the top-level {@code rope_theta} and {@code rope_scaling}
 * that earlier versions read. rope_parameters is read where present; a top-level field beside it must say the same,
 * or transformers 4 and 5 would run different models from one file, and portbench would have to guess which.
 */
final class RopeConfig {
    static final String PARAMETERS = "rope_parameters";
    /** rope_parameters' keys that are not the scaling's fields. */
    private static final Set<String> NOT_SCALING = Set.of("rope_type", "type", "rope_theta");

    private RopeConfig() {
    }

    /**
     * A RoPE scaling's fields: rope_scaling's object, or rope_parameters' when its rope_type is not {@code default}.
     *
     * @param type   its type ({@code rope_type}, or the older {@code type}); "" when it names none
     * @param nested whether the fields are rope_parameters', so that messages name {@code rope_parameters.FIELD}
     */
    record Scaling(JsonNode fields, String type, boolean nested) {
        /**
         * An error about {@code key}: rope_scaling is named whole, as its messages always have; a field of
         * rope_parameters by itself.
         */
        CheckpointException error(HfConfig c, String key, String expectedOfObject, String expectedOfField) {
            if (!nested) {
                return c.error("rope_scaling", fields.toString(), expectedOfObject);
            }
            String named = key.equals("rope_type") && !fields.has("rope_type") && fields.has("type") ? "type" : key;
            JsonNode v = fields.path(named);
            return c.error(PARAMETERS + "." + named, v.isMissingNode() ? "missing" : v.toString(), expectedOfField);
        }
    }

    /** RoPE's base: rope_parameters.rope_theta, else the top-level rope_theta, else the family's default. */
    static double theta(HfConfig c, double fallback) {
        JsonNode top = c.field("rope_theta");
        JsonNode parameters = parameters(c);
        JsonNode nested = parameters == null ? null : parameters.get("rope_theta");
        if (absent(nested)) {
            return absent(top) ? fallback : top.asDouble(fallback);
        }
        if (!nested.isNumber()) {
            throw c.error(PARAMETERS + ".rope_theta", nested.toString(), "a number, RoPE's base");
        }
        if (!absent(top) && !(top.isNumber() && top.asDouble() == nested.asDouble())) {
            throw disagree(c, "rope_theta", top, PARAMETERS + ".rope_theta", nested);
        }
        return nested.asDouble();
    }

    /** The RoPE scaling the config states; null for none (plain RoPE). */
    static Scaling scaling(HfConfig c) {
        JsonNode top = c.field("rope_scaling");
        JsonNode parameters = parameters(c);
        if (parameters == null) {
            return absent(top) ? null
                    : new Scaling(top, top.path("type").asText(top.path("rope_type").asText("")), false);
        }
        JsonNode typeNode = parameters.has("rope_type") ? parameters.get("rope_type") : parameters.path("type");
        if (!typeNode.isTextual()) {
            throw c.error(PARAMETERS + ".rope_type", typeNode.isMissingNode() ? "missing" : typeNode.toString(),
                    "a RoPE type: \"default\" for plain RoPE, or the scaling's (transformers 5 always writes one)");
        }
        String type = typeNode.asText();
        // a null rope_scaling says nothing, as everywhere in config.json; transformers 5 then reads rope_parameters
        if (!absent(top) && !sameScaling(top, parameters, type)) {
            throw disagree(c, "rope_scaling", top, PARAMETERS, parameters);
        }
        return type.equals("default") ? null : new Scaling(parameters, type, true);
    }

    /** rope_parameters, or null where the config has none. */
    private static JsonNode parameters(HfConfig c) {
        JsonNode p = c.field(PARAMETERS);
        if (absent(p)) {
            return null;
        }
        if (!p.isObject()) {
            throw c.error(PARAMETERS, p.toString(), "an object with rope_type and rope_theta (transformers 5's RoPE"
                    + " fields)");
        }
        return p;
    }

    /** Whether rope_scaling states the scaling rope_parameters does: the same type and the same value of each field. */
    private static boolean sameScaling(JsonNode top, JsonNode parameters, String type) {
        if (!top.isObject() || !top.path("type").asText(top.path("rope_type").asText("")).equals(type)) {
            return false;
        }
        Set<String> keys = new TreeSet<>();
        top.fieldNames().forEachRemaining(keys::add);
        parameters.fieldNames().forEachRemaining(keys::add);
        keys.removeAll(NOT_SCALING);
        for (String key : keys) {
            JsonNode a = top.path(key);
            JsonNode b = parameters.path(key);
            boolean same = a.isNumber() && b.isNumber() ? a.asDouble() == b.asDouble() : a.equals(b);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    private static CheckpointException disagree(HfConfig c, String topField, JsonNode top, String nestedField,
                                                JsonNode nested) {
        return new CheckpointException(c.file() + ": field " + topField + " = " + top + " and field " + nestedField
                + " = " + nested + " disagree; expected one of them, or both saying the same (transformers 5 reads "
                + nestedField + ", earlier versions " + topField + ")");
    }

    private static boolean absent(JsonNode v) {
        return v == null || v.isMissingNode() || v.isNull();
    }
}
