package dev.portbench.harness.cli;

import dev.portbench.backend.BackendException;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.RuntimeArtifact;
import dev.portbench.harness.plan.BackendRef;
import dev.portbench.harness.plan.KnownBackends;
import dev.portbench.harness.runtimes.RuntimeJar;
import dev.portbench.harness.runtimes.RuntimeJarLocator;
import dev.portbench.harness.plan.Suite;
import dev.portbench.harness.plan.SuiteEntry;
import dev.portbench.harness.plan.SuiteYaml;
import dev.portbench.harness.plan.Suites;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.checkpoint.CheckpointException;
import dev.portbench.scenarios.checkpoint.CheckpointScenario;
import dev.portbench.scenarios.SpecException;
import dev.portbench.scenarios.catalog.CatalogException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Checks the names and options a user gave against what exists, before any work starts. */
final class RunSelection {
    private RunSelection() {
    }

    /** The built-in scenarios plus the user's files; a bad file is a usage error naming file and line. */
    static ScenarioCatalog catalog(List<Path> scenarioFiles) {
        return catalog(scenarioFiles, null, null);
    }

    /** The catalog with the scenario files, and with {@code --checkpoint DIR [--layers N]}'s scenario when given. */
    static ScenarioCatalog catalog(List<Path> scenarioFiles, Path checkpoint, Integer layers) {
        if (layers != null && checkpoint == null) {
            throw new UsageException("--layers " + layers + " without --checkpoint; expected --checkpoint DIR --layers N"
                    + " (a scenario file keeps layers with 'layers: N' beside 'checkpoint')");
        }
        try {
            ScenarioCatalog c = scenarioFiles.isEmpty() ? ScenarioCatalog.builtIn()
                    : ScenarioCatalog.withFiles(scenarioFiles);
            return checkpoint == null ? c : c.with(CheckpointScenario.of(checkpoint, layers), "--checkpoint "
                    + checkpoint);
        } catch (CatalogException e) {
            throw new UsageException(e.getMessage());
        } catch (CheckpointException | dev.portbench.scenarios.SpecException e) {
            throw new UsageException("--checkpoint " + checkpoint + ": " + e.getMessage());
        }
    }


    /** Whether --suite names a suite file (a path that exists or ends in .yaml/.yml) rather than a built-in suite. */
    static boolean isSuiteFile(String nameOrFile) {
        return nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml") || Files.exists(Path.of(nameOrFile));
    }

    /** A built-in suite by name, or a suite file (see {@link #isSuiteFile}). */
    static Suite suite(String nameOrFile, ScenarioCatalog catalog, List<BackendProvider> providers) {
        KnownBackends ids = known(providers);
        try {
            if (isSuiteFile(nameOrFile)) {
                return SuiteYaml.read(Path.of(nameOrFile), catalog, ids);
            }
            return Suites.find(nameOrFile, catalog, ids).orElseThrow(() -> new UsageException("unknown suite '"
                    + nameOrFile + "'; expected one of: " + String.join(", ", Suites.names())
                    + ", or a suite file (.yaml)"));
        } catch (CatalogException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * Applies --scenarios, --workloads and --dtypes: --scenarios replaces the matrix by one entry of those scenarios
     * (every workload and fp32 unless also given); --workloads and --dtypes replace those of every entry.
     */
    static Suite narrowed(Suite suite, List<String> scenarios, List<String> workloads, List<String> dtypes,
                          ScenarioCatalog catalog) {
        List<SuiteEntry> entries = suite.matrix();
        if (scenarios != null) {
            List<String> names = distinct(scenarios);
            for (String n : names) {
                if (catalog.find(n).isEmpty() && catalog.findByo(n).isEmpty()) {
                    throw new UsageException("unknown scenario '" + n + "'; expected one of: "
                            + String.join(", ", catalog.names()));
                }
            }
            if (names.isEmpty()) {
                throw new UsageException("no scenario selected; expected one of: " + String.join(", ", catalog.names()));
            }
            entries = List.of(new SuiteEntry(names, List.of(), List.of(Dtype.FP32)));
        }
        if (workloads != null) {
            List<String> names = distinct(workloads);
            entries = entries.stream().map(e -> e.withWorkloads(names)).toList();
        }
        if (dtypes != null) {
            List<Dtype> list = new ArrayList<>();
            for (String d : distinct(dtypes)) {
                try {
                    list.add(Dtype.fromId(d));
                } catch (SpecException e) {
                    throw new UsageException("--dtypes: " + e.getMessage());
                }
            }
            if (list.isEmpty()) {
                throw new UsageException("--dtypes names no dtype; expected some of " + Dtype.ids());
            }
            entries = entries.stream().map(e -> e.withDtypes(list)).toList();
        }
        return suite.withMatrix(entries);
    }

    private static List<String> distinct(List<String> names) {
        return new ArrayList<>(new LinkedHashSet<>(names));
    }

    /** --backends if given, else the suite's backends, else every backend found; each checked by {@link #backend}. */
    static List<String> backends(List<String> names, Suite suite, List<BackendProvider> providers) {
        List<String> known = providers.stream().map(BackendProvider::id).toList();
        List<String> chosen = names != null && !names.isEmpty() ? names
                : suite.backends().isEmpty() ? known : suite.backends();
        List<String> out = new ArrayList<>();
        for (String n : new LinkedHashSet<>(chosen)) {
            out.add(backend(n, providers).name());
        }
        return out;
    }

    /**
     * One backend name: a backend found here, or {@code ID@VERSION} of a backend whose runtime jar can be swapped
     * ({@link BackendProvider#runtimeArtifact()}). Whether that version is present is not checked here: a version found
     * nowhere makes SKIPPED rows, as a missing driver does.
     */
    static BackendRef backend(String name, List<BackendProvider> providers) {
        try {
            return known(providers).resolve(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The providers' ids, and which of them can swap their runtime jar. */
    static KnownBackends known(List<BackendProvider> providers) {
        return new KnownBackends(providers.stream().map(BackendProvider::id).toList(),
                providers.stream().filter(p -> p.runtimeArtifact().isPresent()).map(BackendProvider::id).toList(),
                (backend, values) -> refusal(backend, values, providers).ifPresent(why -> {
                    throw new IllegalArgumentException(why);
                }));
    }

    /**
     * Where the runtime jar of each {@code ID@VERSION} backend, and of each backend whose runtime is not on the class
     * path (its default version), is, or why there is none (its cells are then SKIPPED with that reason); backends
     * that run the class path's runtime are not in the map.
     */
    static Map<String, RuntimeJar> runtimeJars(List<String> backends, List<BackendProvider> providers,
                                               RuntimeJarLocator locator) {
        Map<String, RuntimeJar> out = new LinkedHashMap<>();
        for (String b : backends) {
            BackendRef ref = backend(b, providers);
            BackendProvider p = providers.stream().filter(x -> x.id().equals(ref.id())).findFirst().orElseThrow();
            Optional<String> version = ref.isVersioned() ? Optional.of(ref.version())
                    : p.defaultRuntimeVersion();
            if (version.isPresent()) {
                RuntimeArtifact artifact = p.runtimeArtifact().orElseThrow();
                out.put(b, locator.locate(b, artifact, version.get())
                        .replacing(p.replacedRuntimeArtifact().orElse(artifact)));
            }
        }
        return out;
    }

    /** The run's backends, then each bring-your-own model's reference backend the run does not already run. */
    static List<String> withByoReferences(List<String> backends, dev.portbench.harness.plan.RunPlan plan) {
        LinkedHashSet<String> out = new LinkedHashSet<>(backends);
        plan.byoCells().forEach(c -> out.add(c.model().referenceBackend()));
        return List.copyOf(out);
    }

    /**
     * Groups {@code BACKEND.KEY=VALUE} options by backend, rejecting unknown backends, keys and bad values. BACKEND is
     * an id (the option applies to every version of it) or {@code ID@VERSION} (that version only; see
     * {@link #optionsFor}); option keys hold no '.', so a versioned backend's name ends at the key's last '.'.
     */
    static Map<String, Map<String, String>> options(List<String> raw, List<BackendProvider> providers) {
        Map<String, BackendProvider> byId = providers.stream()
                .collect(Collectors.toMap(BackendProvider::id, p -> p, (a, b) -> a, LinkedHashMap::new));
        Map<String, Map<String, String>> grouped = new TreeMap<>();
        for (String option : raw) {
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            int end = backendEnd(key, byId);
            if (eq < 0 || end < 0) {
                throw new UsageException("option '" + option + "'; expected BACKEND.KEY=VALUE or"
                        + " BACKEND@VERSION.KEY=VALUE with BACKEND one of: " + String.join(", ", byId.keySet()));
            }
            String backend = key.substring(0, end);
            String name = key.substring(end + 1);
            String value = option.substring(eq + 1);
            backend(backend, providers);
            unknownKey(backend, name, providers).ifPresent(why -> {
                throw new UsageException(why);
            });
            if (value.contains(";")) {
                throw new UsageException("option '" + option + "': values may not contain ';'");
            }
            String earlier = grouped.computeIfAbsent(backend, b -> new TreeMap<>()).put(name, value);
            if (earlier != null && !earlier.equals(value)) { // the last would win silently, and a resume in any order
                throw new UsageException("option '" + option + "' after '" + key + "=" + earlier + "'; expected one"
                        + " value per backend and key");
            }
        }
        for (Map.Entry<String, Map<String, String>> e : grouped.entrySet()) {
            refusal(e.getKey(), e.getValue(), providers).ifPresent(why -> {
                throw new UsageException(why);
            });
        }
        return grouped;
    }

    /**
     * Checks each backend's options where a suite's and -O's meet, which each passed alone: a pair of keys that the
     * backend refuses together is exit 2 before any work, not a FAILED row per cell.
     */
    static void checkTogether(Map<String, Map<String, String>> optionsByBackend, Suite suite,
                              List<BackendProvider> providers) {
        if (suite.options().isEmpty()) {
            return;
        }
        optionsByBackend.forEach((backend, values) -> refusal(backend, values, providers).ifPresent(why -> {
            throw new UsageException("suite " + suite.name() + "'s options with -O, for " + backend + ": " + why);
        }));
    }

    /** Why the backend would refuse these options (a key it does not have, a bad value), or empty. */
    static Optional<String> refusal(String backend, Map<String, String> values, List<BackendProvider> providers) {
        for (String key : values.keySet()) {
            Optional<String> unknown = unknownKey(backend, key, providers);
            if (unknown.isPresent()) {
                return unknown;
            }
        }
        try {
            provider(backend, providers).checkOptions(new BackendOptions(backend, values));
            return Optional.empty();
        } catch (BackendException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static Optional<String> unknownKey(String backend, String key, List<BackendProvider> providers) {
        Map<String, String> supported = provider(backend, providers).supportedOptions();
        if (supported.containsKey(key)) {
            return Optional.empty();
        }
        return Optional.of("backend " + backend + " has no option '" + key + "'; it accepts: "
                + (supported.isEmpty() ? "none" : String.join(", ", new TreeMap<>(supported).keySet())));
    }

    private static BackendProvider provider(String backend, List<BackendProvider> providers) {
        String id = BackendRef.parse(backend).id();
        return providers.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    /**
     * The options each backend of the run gets: its id's options, then for {@code ID@VERSION} that version's own,
     * which win over the id's. A version's options for a version the run does not run are a usage error: dropped
     * silently, a typo ({@code @1.29} for {@code @1.29.0}) would leave that version on the id's options.
     */
    static Map<String, Map<String, String>> optionsFor(List<String> backends, Map<String, Map<String, String>> grouped) {
        return optionsFor(backends, Map.of(), grouped);
    }

    /**
     * The options each backend of the run gets from a suite's options and -O's, in that order, so -O wins for any key
     * it names: the suite's for the id, the suite's for the version, -O's for the id, -O's for the version. Only -O's
     * versions must be the run's; a suite names options for backends whatever a run narrows them to.
     */
    static Map<String, Map<String, String>> optionsFor(List<String> backends, Map<String, Map<String, String>> suite,
                                                       Map<String, Map<String, String>> grouped) {
        for (Map.Entry<String, Map<String, String>> e : grouped.entrySet()) {
            BackendRef ref = BackendRef.parse(e.getKey());
            if (ref.isVersioned() && !backends.contains(e.getKey())) {
                Map.Entry<String, String> first = e.getValue().entrySet().iterator().next();
                List<String> sameId = backends.stream().filter(b -> BackendRef.parse(b).id().equals(ref.id())).toList();
                throw new UsageException("-O " + e.getKey() + "." + first.getKey() + "=" + first.getValue() + ": "
                        + e.getKey() + " is not a backend of this run; expected one of its " + ref.id()
                        + " backends: " + (sameId.isEmpty() ? "none" : String.join(", ", sameId)));
            }
        }
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (String b : backends) {
            BackendRef ref = BackendRef.parse(b);
            Map<String, String> merged = new TreeMap<>();
            for (Map<String, Map<String, String>> source : List.of(suite, grouped)) {
                merged.putAll(source.getOrDefault(ref.id(), Map.of()));
                if (ref.isVersioned()) {
                    merged.putAll(source.getOrDefault(b, Map.of()));
                }
            }
            if (!merged.isEmpty()) {
                out.put(b, merged);
            }
        }
        return out;
    }

    /**
     * Where the backend's name ends in an option key: after the longest known id (ids may contain dots in
     * principle), or for {@code ID@VERSION} at the key's last '.' (versions contain dots); -1 if no id matches.
     */
    private static int backendEnd(String key, Map<String, BackendProvider> byId) {
        String best = null;
        for (String id : byId.keySet()) {
            boolean matches = key.startsWith(id + ".") || key.startsWith(id + "@");
            if (matches && (best == null || id.length() > best.length())) {
                best = id;
            }
        }
        if (best == null) {
            return -1;
        }
        if (key.charAt(best.length()) == '.') {
            return best.length();
        }
        int lastDot = key.lastIndexOf('.');
        return lastDot > best.length() + 1 ? lastDot : -1;
    }
}
