package dev.portbench.harness.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slurm's {@code sbatch}, run as a process: submits a batch script and returns the job id it printed on stdout
 * ({@code --parsable}: {@code ID} or {@code ID;CLUSTER}; warnings go to stderr and are kept for errors only).
 * {@code slurmConf}, when given, is passed as SLURM_CONF, which the jobs inherit with the rest of the submitting
 * environment, except ASCEND_RT_VISIBLE_DEVICES: a device list left in the submitting shell would override the NPUs
 * the job script names from its GRES.
 */
public final class Sbatch {
    private static final Pattern PARSABLE = Pattern.compile("\\s*([0-9]+)(;\\S+)?\\s*");
    private static final long TIMEOUT_S = 60;

    private final String command;
    private final Path slurmConf;
    private final Map<String, String> environment;

    public Sbatch(String command, Path slurmConf) {
        this(command, slurmConf, System.getenv());
    }

    /** @param environment what sbatch inherits before portbench's changes (the JVM's own, but for tests) */
    Sbatch(String command, Path slurmConf, Map<String, String> environment) {
        this.command = command;
        this.slurmConf = slurmConf;
        this.environment = Map.copyOf(environment);
    }

    /** The options portbench adds to the script's own: machine-readable output, and a dependency if any. */
    public List<String> arguments(Path script, String afterAny) {
        List<String> args = new ArrayList<>(List.of(command, "--parsable"));
        if (afterAny != null) {
            args.add("--dependency=afterany:" + afterAny);
        }
        args.add(script.toString());
        return args;
    }

    /**
     * @param afterAny the job whose end (any outcome) this one waits for, or null
     * @throws SlurmException when sbatch is missing, fails, or prints no job id; with its own words
     */
    public String submit(Path script, String afterAny) throws IOException, InterruptedException {
        List<String> args = arguments(script, afterAny);
        Path errors = Files.createTempFile("portbench-sbatch", ".err");
        ProcessBuilder pb = new ProcessBuilder(args).redirectError(errors.toFile());
        pb.environment().clear();
        pb.environment().putAll(environment);
        pb.environment().remove("ASCEND_RT_VISIBLE_DEVICES");
        if (slurmConf != null) {
            pb.environment().put("SLURM_CONF", slurmConf.toAbsolutePath().toString());
        }
        try {
            return run(pb, args, errors);
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private String run(ProcessBuilder pb, List<String> args, Path errors) throws IOException, InterruptedException {
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new SlurmException(command + " could not be started (" + e.getMessage() + "); expected Slurm's"
                    + " client on PATH (Debian: slurm-client) or --sbatch PATH");
        }
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new SlurmException(String.join(" ", args) + " did not answer within " + TIMEOUT_S + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = Files.readString(errors, StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            throw new SlurmException(String.join(" ", args) + " exited " + p.exitValue() + ": "
                    + (err.isEmpty() ? out : err));
        }
        return jobId(out);
    }

    /** The job id of {@code sbatch --parsable}'s stdout. */
    static String jobId(String output) {
        Matcher m = PARSABLE.matcher(output);
        if (!m.matches()) {
            throw new SlurmException("sbatch --parsable printed '" + output + "'; expected a job id (ID or"
                    + " ID;CLUSTER)");
        }
        return m.group(1);
    }
}
