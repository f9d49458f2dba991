package dev.portbench.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portbench.harness.slurm.GresRequest;
import dev.portbench.harness.slurm.Sbatch;
import dev.portbench.harness.slurm.SlurmException;
import dev.portbench.harness.slurm.SlurmJob;
import dev.portbench.harness.slurm.SlurmJobScripts;
import dev.portbench.harness.slurm.SlurmNight;
import dev.portbench.results.runs.RunFiles;
import dev.portbench.backend.Backends;
import dev.portbench.scenarios.ScenarioCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code portbench slurm submit}: writes a night's two batch scripts ({@link SlurmJobScripts}) and submits them, the
 * shards' array first, then the merge job with {@code --dependency=afterany} on it.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Submits tonight's suite to Slurm: an array of --shards tasks, task I running",
            "'portbench run --shard I/N' into RUNS_ROOT/.slurm/FLEET/DATE/shard-I (resumed if an earlier try left",
            "one), then a merge job after all of them (afterany) that merges the shards into RUNS_ROOT/FLEET/DATE",
            "and runs 'gate --history', 'history' and 'report'. Options after -- go to 'portbench run'.",
            "Exit 0 submitted, 1 Slurm refused (its words), 2 bad input."})
final class SlurmSubmitCommand implements Callable<Integer> {
    /** The launcher scripts/portbench passes, so the jobs run the same checkout. */
    static final String LAUNCHER_PROPERTY = "portbench.launcher";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern PARTITION = Pattern.compile("[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*");
    /** sbatch's --time forms: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S. */
    private static final Pattern TIME = Pattern.compile("[0-9]+(:[0-9]+){0,2}|[0-9]+-[0-9]+(:[0-9]+){0,2}");
    /** The script owns these: each task's shard and directory, and the suite, which --suite sets. */
    private static final Set<String> OWNED = Set.of("--shard", "--out", "--resume", "--suite", "--retry-failed");

    @Spec
    CommandSpec spec;

    @Option(names = "--runs-root", required = true, paramLabel = "DIR",
            description = "The root of the nightly runs, on a filesystem every node sees.")
    Path runsRoot;

    @Option(names = "--partition", required = true, paramLabel = "P", description = "The Slurm partition.")
    String partition;

    @Option(names = "--shards", required = true, paramLabel = "N",
            description = "Array tasks; the cells are dealt out by name, so a shard always runs the same ones.")
    int shards;

    @Option(names = "--max-parallel", paramLabel = "K", description = "Tasks running at once (default: all).")
    Integer maxParallel;

    @Option(names = "--suite", defaultValue = "nightly", paramLabel = "NAME|FILE",
            description = "The suite (default: ${DEFAULT-VALUE}).")
    String suite;

    @Option(names = "--gres", paramLabel = "NAME[:TYPE]:COUNT",
            description = "Per task, e.g. gpu:1 (Slurm sets CUDA_VISIBLE_DEVICES) or npu:1 (a plain GRES; the"
                    + " script sets ASCEND_RT_VISIBLE_DEVICES).")
    String gres;

    @Option(names = "--time", paramLabel = "LIMIT", description = "Slurm's time limit per job, e.g. 4:00:00.")
    String timeLimit;

    @Option(names = "--fleet", paramLabel = "NAME",
            description = "The folder of these nights under RUNS_ROOT (default: slurm-PARTITION).")
    String fleet;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The night (default: today in UTC).")
    String date;

    @Option(names = "--launcher", paramLabel = "PATH",
            description = "The portbench command the jobs run (default: this checkout's scripts/portbench).")
    String launcher;

    @Option(names = "--sbatch", defaultValue = "sbatch", paramLabel = "PATH", description = "Slurm's sbatch.")
    String sbatch;

    @Option(names = "--slurm-conf", paramLabel = "FILE",
            description = "The cluster's slurm.conf, passed as SLURM_CONF (default: Slurm's own).")
    Path slurmConf;

    @Option(names = "--dry-run", description = "Write the scripts and print the sbatch commands; submit nothing.")
    boolean dryRun;

    @Parameters(paramLabel = "RUN_OPTION", description = "After --: options for 'portbench run', e.g."
            + " -- --backends onnxruntime-cuda --dtypes fp32,fp16")
    List<String> runOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        SlurmJob job = job();
        SlurmNight night = job.night();
        Files.createDirectories(night.staging());
        write(night.shardScript(), SlurmJobScripts.shards(job));
        write(night.mergeScript(), SlurmJobScripts.merge(job));
        PrintWriter console = spec.commandLine().getOut();
        Sbatch slurm = new Sbatch(sbatch, slurmConf);
        if (dryRun) {
            console.println("would submit: " + String.join(" ", slurm.arguments(night.shardScript(), null)));
            console.println("then: " + String.join(" ", slurm.arguments(night.mergeScript(), "SHARDS_JOB_ID")));
            console.flush();
            return ExitCode.OK;
        }
        String shardsJob;
        try {
            shardsJob = slurm.submit(night.shardScript(), null);
        } catch (SlurmException e) {
            spec.commandLine().getErr().println("portbench: " + Main.oneLine(e.getMessage()));
            return ExitCode.CHECK_FAILED;
        }
        String mergeJob;
        try {
            mergeJob = slurm.submit(night.mergeScript(), shardsJob);
        } catch (SlurmException e) { // the shards are queued: say so, and how to finish or undo it
            spec.commandLine().getErr().println("portbench: " + Main.oneLine(e.getMessage()) + "; the shards job "
                    + shardsJob + " is queued without its merge: submit it with 'sbatch --dependency=afterany:"
                    + shardsJob + " " + night.mergeScript() + "' or cancel the shards with 'scancel " + shardsJob + "'");
            return ExitCode.CHECK_FAILED;
        }
        writeSubmission(night, job, shardsJob, mergeJob);
        console.printf(Locale.ROOT, "submitted the shards as job %s (array 0-%d%%%d), the merge as job %s"
                + " (afterany:%s)%n", shardsJob, job.shards() - 1, job.maxParallel(), mergeJob, shardsJob);
        console.printf(Locale.ROOT, "  night: %s%n  scripts and logs: %s%n", night.night(), night.staging());
        console.flush();
        return ExitCode.OK;
    }

    private SlurmJob job() {
        if (!PARTITION.matcher(partition).matches()) {
            throw new UsageException("--partition '" + partition + "'; expected a partition name (letters, digits,"
                    + " . _ -), or several separated by commas");
        }
        String fleetName = fleet != null ? fleet : "slurm-" + partition.replace(',', '_');
        if (!NAME.matcher(fleetName).matches()) {
            throw new UsageException("--fleet '" + fleetName + "'; expected a folder name (letters, digits, . _ -)");
        }
        if (timeLimit != null && !TIME.matcher(timeLimit).matches()) {
            throw new UsageException("--time '" + timeLimit + "'; expected Slurm's time format, e.g. 90, 4:00:00"
                    + " or 1-00:00:00");
        }
        String night = date != null ? date : LocalDate.now(ZoneOffset.UTC).toString();
        try {
            LocalDate.parse(night);
        } catch (DateTimeParseException e) {
            throw new UsageException("--date '" + night + "'; expected YYYY-MM-DD");
        }
        OutputPaths.checkFolder("--runs-root", runsRoot);
        Path root = runsRoot.toAbsolutePath().normalize();
        if (root.toString().chars().anyMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '"' || c == '%')) {
            throw new UsageException("--runs-root '" + root + "' holds a space, a quote or a %, which #SBATCH --output"
                    + " cannot carry as written (Slurm expands % patterns there); expected a path without them");
        }
        for (String option : runOptions) {
            String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            if (OWNED.contains(name)) {
                throw new UsageException("run option " + option + " after --: the job script sets " + name
                        + " itself (each task's shard and directory; the suite with submit's --suite)");
            }
        }
        RunCommand run = parsedRunOptions();
        String suiteForJobs = suiteForJobs(run);
        try {
            run.checkPlan(suiteForJobs);
        } catch (UsageException e) {
            throw new UsageException("run options after --: " + e.getMessage());
        }
        GresRequest resources;
        try {
            resources = gres == null ? null : GresRequest.parse(gres);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        SlurmNight slurmNight = new SlurmNight(root, fleetName, night);
        if (Files.exists(new RunFiles(slurmNight.night()).results())) {
            throw new UsageException("the night " + slurmNight.night() + " is already merged (results.csv is there);"
                    + " expected another --date, or that folder removed to run the night again");
        }
        try {
            return new SlurmJob(slurmNight, partition, shards, maxParallel != null ? maxParallel : shards,
                    suiteForJobs, runOptions, launcher(), resources, timeLimit);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * A suite file as an absolute path (the jobs start in sbatch's working directory, not necessarily this one), read
     * now, so a typo is exit 2 here rather than a failed task after the queue; a suite of scenario files named in the
     * run options is read by the tasks only.
     */
    private String suiteForJobs(RunCommand run) {
        String forJobs = RunSelection.isSuiteFile(suite) ? Path.of(suite).toAbsolutePath().normalize().toString()
                : suite;
        if (!run.readsItsOwnScenarios()) {
            RunSelection.suite(forJobs, ScenarioCatalog.builtIn(), Backends.discover());
        }
        return forJobs;
    }

    /**
     * The options after -- as 'portbench run' parses them; checked with the suite by {@link RunCommand#checkPlan}, so
     * an unknown option, a bad value, an unknown scenario, dtype or backend is exit 2 now, not in every array task.
     */
    private RunCommand parsedRunOptions() {
        RunCommand run = new RunCommand();
        try {
            new CommandLine(run).parseArgs(runOptions.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UsageException("run options after --: " + e.getMessage());
        }
        return run;
    }

    private String launcher() {
        String chosen = launcher != null ? launcher : System.getProperty(LAUNCHER_PROPERTY);
        if (chosen == null || chosen.isBlank()) {
            throw new UsageException("no launcher for the jobs: expected portbench started through scripts/portbench"
                    + " (which names itself), or --launcher PATH");
        }
        return chosen;
    }

    private static void write(Path script, String text) throws java.io.IOException {
        Path tmp = script.resolveSibling(script.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(tmp, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeSubmission(SlurmNight night, SlurmJob job, String shardsJob, String mergeJob)
            throws java.io.IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode n = json.createObjectNode();
        n.put("fleet", night.fleet());
        n.put("date", night.date());
        n.put("night", night.night().toString());
        n.put("partition", job.partition());
        n.put("shards", job.shards());
        n.put("max_parallel", job.maxParallel());
        n.put("gres", job.gres() == null ? null : job.gres().sbatchValue());
        n.put("shards_job", shardsJob);
        n.put("merge_job", mergeJob);
        n.putPOJO("run_options", job.runOptions());
        Files.writeString(night.submission(), json.writeValueAsString(n) + "\n", StandardCharsets.UTF_8);
    }
}
