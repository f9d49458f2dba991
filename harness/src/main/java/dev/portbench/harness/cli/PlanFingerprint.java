package dev.portbench.harness.cli;

import dev.portbench.harness.plan.ByoCell;
import dev.portbench.harness.plan.Cell;
import dev.portbench.harness.plan.RunPlan;
import dev.portbench.harness.plan.Suite;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.catalog.ScenarioYaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a plan measures, as SHA-256 hashes recorded in run.json: each scenario's definition (as the cell JVMs read
 * it, its model's shape, and for a checkpoint its config.json and weight files' sizes), the cells (names and options,
 * in plan order) and the suite's measurement settings. The options and files
 * recorded beside it rebuild the plan on {@code --resume}; these hashes notice where the rebuilt plan differs anyway,
 * because what the options name changed under them: a portbench update that changed a built-in scenario's shape or
 * a built-in suite's matrix or settings. A resumed plan must hash the same, else its rows would mix two plans.
 */
final class PlanFingerprint {
    static final String CELLS = "cells";
    static final String SETTINGS = "settings";
    private static final String SCENARIO = "scenario ";

    private PlanFingerprint() {
    }

    /** Part name ("scenario NAME", "cells", "settings") to SHA-256, in plan order. */
    static Map<String, String> of(RunPlan plan) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (Scenario s : plan.scenarios()) {
            parts.put(SCENARIO + s.name(), sha256(ScenarioYaml.write(s) + "\n" + s.model()
                    + (s.checkpoint() == null ? "" : "\n" + checkpointIdentity(s.checkpoint().dir()))));
        }
        StringBuilder cells = new StringBuilder();
        for (Cell c : plan.cells()) {
            cells.append(c.name()).append(' ').append(new TreeMap<>(c.options())).append('\n');
        }
        for (ByoCell c : plan.byoCells()) {
            cells.append(c.name()).append(' ').append(new TreeMap<>(c.options())).append('\n');
        }
        parts.put(CELLS, sha256(cells.toString()));
        Suite suite = plan.suite();
        parts.put(SETTINGS, sha256(suite.jmh() + " cell_timeout=" + suite.cellTimeout() + " host_stability="
                + suite.hostStability() + (suite.hostStabilityThreads() == null ? "" // as before, for older runs
                : " host_stability_threads=" + suite.hostStabilityThreads())));
        return parts;
    }

    /**
     * The parts of {@code rebuilt} that differ from {@code recorded}, in words ("scenario dense-tiny's definition",
     * "the cells", "the measurement settings"); empty where they agree or nothing was recorded (a run.json written
     * before portbench recorded them).
     */
    static List<String> differences(Map<String, String> recorded, Map<String, String> rebuilt) {
        List<String> out = new ArrayList<>();
        if (recorded == null) {
            return out;
        }
        for (Map.Entry<String, String> e : recorded.entrySet()) {
            String now = rebuilt.get(e.getKey());
            if (!e.getValue().equals(now)) {
                out.add(describe(e.getKey()) + (now == null ? " (no longer in the plan)" : ""));
            }
        }
        for (String part : rebuilt.keySet()) {
            if (!recorded.containsKey(part)) {
                out.add(describe(part) + " (new in the plan)");
            }
        }
        return out;
    }

    /**
     * What a checkpoint folder holds, cheaply: config.json's bytes and each safetensors file's name and size (its
     * scenario's YAML names only the folder, which may be re-pointed at another revision between two sessions).
     */
    private static String checkpointIdentity(Path dir) {
        StringBuilder b = new StringBuilder();
        try {
            Path config = dir.resolve("config.json");
            if (Files.isRegularFile(config)) {
                b.append(Files.readString(config, StandardCharsets.UTF_8));
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".safetensors")).sorted()
                        .toList()) {
                    b.append('\n').append(f.getFileName()).append(' ').append(Files.size(f));
                }
            }
        } catch (IOException e) {
            b.append("\nunreadable: ").append(e.getMessage());
        }
        return b.toString();
    }

    private static String describe(String part) {
        if (part.startsWith(SCENARIO)) {
            return "scenario " + part.substring(SCENARIO.length()) + "'s definition";
        }
        return part.equals(CELLS) ? "the cells" : part.equals(SETTINGS) ? "the measurement settings" : part;
    }

    private static String sha256(String text) {
        return RunManifest.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
