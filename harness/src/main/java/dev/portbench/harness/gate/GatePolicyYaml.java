package dev.portbench.harness.gate;

import dev.portbench.results.gate.DriftBudget;
import dev.portbench.results.gate.GatePolicy;
import dev.portbench.results.gate.Rule;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.catalog.YamlLoader;
import dev.portbench.scenarios.catalog.YamlMap;
import dev.portbench.scenarios.catalog.YamlValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Gate policy files (docs/compare-and-gate.md). The built-in default ({@value #DEFAULT_RESOURCE}) sets every key; a
 * user's file sets only what it changes, bound by bound, over the default. Every error names file, line and field.
 */
public final class GatePolicyYaml {

    public static final String DEFAULT_RESOURCE = "/dev/portbench/harness/gate/default-policy.yaml";
    public static final String DEFAULT_SOURCE = "built-in default policy";
    private static final String DEFAULT_DTYPE = "default";

    private static final List<String> KEYS = List.of("policy_version", "throughput", "memory", "status_regression",
            "missing_cells", "drift", "placement", "settings");
    private static final List<String> PLACEMENT_KEYS = List.of("max_fallback_share");
    private static final List<String> SETTINGS_KEYS = List.of("changed");
    private static final List<String> THROUGHPUT_KEYS = List.of("max_drop", "inconclusive");
    private static final List<String> MEMORY_KEYS = List.of("max_peak_rss_growth", "max_weights_growth");
    private static final List<String> BUDGET_KEYS = List.of("max_rel_l2", "min_cosine", "max_kl",
            "min_top1_agreement", "min_routing_agreement");

    private GatePolicyYaml() {
    }

    /** The shipped default policy. */
    public static GatePolicy defaults() {
        try (InputStream in = GatePolicyYaml.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " is missing from the build");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return parse(YamlLoader.readMap(DEFAULT_SOURCE, reader), null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped default text, for {@code gate --print-default-policy}. */
    public static String defaultText() {
        try (InputStream in = GatePolicyYaml.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A user's policy file over the default. */
    public static GatePolicy read(Path file) {
        return parse(YamlLoader.readMap(file), defaults());
    }

    public static GatePolicy read(String source, Reader reader) {
        return parse(YamlLoader.readMap(source, reader), defaults());
    }

    /** @param base the values of absent keys; null when every key is required (the default file itself) */
    static GatePolicy parse(YamlMap map, GatePolicy base) {
        map.rejectUnknownKeys(KEYS);
        map.optional("policy_version").ifPresent(v -> {
            if (v.asInt() != 1) {
                throw v.error("policy_version " + v.asInt() + " is not supported; expected 1");
            }
        });
        YamlMap throughput = section(map, "throughput", base, THROUGHPUT_KEYS);
        YamlMap memory = section(map, "memory", base, MEMORY_KEYS);
        double maxDrop = fraction(throughput, "max_drop", base == null ? null : base.maxThroughputDrop(), 0, 1, false);
        Rule inconclusive = rule(throughput, "inconclusive", base == null ? null : base.inconclusive());
        double rss = fraction(memory, "max_peak_rss_growth", base == null ? null : base.maxPeakRssGrowth(), 0,
                Double.MAX_VALUE, true);
        double weights = fraction(memory, "max_weights_growth", base == null ? null : base.maxWeightsGrowth(), 0,
                Double.MAX_VALUE, true);
        Rule status = rule(map, "status_regression", base == null ? null : base.statusRegression());
        Rule missing = rule(map, "missing_cells", base == null ? null : base.missingCells());
        Map<String, DriftBudget> budgets = new LinkedHashMap<>(base == null ? Map.of() : base.drift());
        DriftBudget defaultBudget = base == null ? null : base.defaultDrift();
        YamlMap drift = section(map, "drift", base, dtypeKeys());
        for (String dtype : drift.keys()) {
            YamlMap budget = drift.requiredMap(dtype).rejectUnknownKeys(BUDGET_KEYS);
            DriftBudget over = isDefaultDtype(dtype) ? defaultBudget : budgets.get(dtype);
            DriftBudget parsed = budget(budget, base == null ? null : over);
            if (isDefaultDtype(dtype)) {
                defaultBudget = parsed;
            } else {
                budgets.put(dtype, parsed);
            }
        }
        if (defaultBudget == null) {
            throw drift.error(DEFAULT_DTYPE, "missing; expected the budget of dtypes not listed");
        }
        YamlMap placement = section(map, "placement", base, PLACEMENT_KEYS);
        if (base == null && !placement.has("max_fallback_share")) {
            throw placement.error("max_fallback_share", "missing; the default policy must set every key");
        }
        double maxFallback = bound(placement, "max_fallback_share", base == null ? Double.NaN
                : base.maxFallbackShare(), 0, 1);
        YamlMap settings = section(map, "settings", base, SETTINGS_KEYS);
        Rule settingsChanged = rule(settings, "changed", base == null ? null : base.settingsChanged());
        return new GatePolicy(maxDrop, inconclusive, rss, weights, status, missing, budgets, defaultBudget,
                maxFallback, settingsChanged);
    }

    private static boolean isDefaultDtype(String dtype) {
        return DEFAULT_DTYPE.equals(dtype);
    }

    private static List<String> dtypeKeys() {
        List<String> keys = new ArrayList<>();
        Stream.of(Dtype.values()).map(Dtype::id).forEach(keys::add);
        keys.add(DEFAULT_DTYPE);
        return keys;
    }

    /** A section mapping; absent in a user file means "keep the base", in the default file it is an error. */
    private static YamlMap section(YamlMap map, String key, GatePolicy base, List<String> keys) {
        Optional<YamlMap> section = map.optionalMap(key);
        if (section.isEmpty()) {
            if (base == null) {
                throw map.error(key, "missing; the default policy must set every key");
            }
            return YamlLoader.readMap(map.source(), new StringReader("{}"));
        }
        return section.get().rejectUnknownKeys(keys);
    }

    private static DriftBudget budget(YamlMap map, DriftBudget over) {
        DriftBudget base = over == null ? DriftBudget.NONE : over;
        return new DriftBudget(
                bound(map, "max_rel_l2", base.maxRelL2(), 0, Double.MAX_VALUE),
                bound(map, "min_cosine", base.minCosine(), -1, 1),
                bound(map, "max_kl", base.maxKl(), 0, Double.MAX_VALUE),
                bound(map, "min_top1_agreement", base.minTop1Agreement(), 0, 1),
                bound(map, "min_routing_agreement", base.minRoutingAgreement(), 0, 1));
    }

    /** A drift bound: a number in [min, max], or null to switch it off; absent keeps {@code fallback}. */
    private static double bound(YamlMap map, String key, double fallback, double min, double max) {
        Optional<YamlValue> value = map.optional(key);
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.get().isNull()) {
            return Double.NaN;
        }
        double v = value.get().asDouble();
        if (!(v >= min && v <= max)) {
            throw map.error(key, "got " + v + "; expected a number from " + min + " to "
                    + (max == Double.MAX_VALUE ? "any larger value" : max) + ", or null to switch the bound off");
        }
        return v;
    }

    private static double fraction(YamlMap map, String key, Double fallback, double min, double max,
                                   boolean maxInclusive) {
        if (!map.has(key)) {
            if (fallback == null) {
                throw map.error(key, "missing; the default policy must set every key");
            }
            return fallback;
        }
        double v = map.requiredDouble(key);
        if (!(v >= min && (maxInclusive ? v <= max : v < max))) {
            throw map.error(key, "got " + v + "; expected a fraction from " + min + " to " + max
                    + (maxInclusive ? "" : " (exclusive)") + ", e.g. 0.05 for 5%");
        }
        return v;
    }

    private static Rule rule(YamlMap map, String key, Rule fallback) {
        if (!map.has(key)) {
            if (fallback == null) {
                throw map.error(key, "missing; the default policy must set every key");
            }
            return fallback;
        }
        String text = map.requiredString(key);
        for (Rule rule : Rule.values()) {
            if (rule.yaml().equals(text)) {
                return rule;
            }
        }
        throw map.error(key, "got '" + text + "'; expected one of: "
                + String.join(", ", Stream.of(Rule.values()).map(Rule::yaml).toList()));
    }
}
