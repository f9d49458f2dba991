package dev.portbench.harness.slurm;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real single-node Slurm for tests, everything under one folder: Debian's munged with its own key and socket, then
 * slurmctld and slurmd in the foreground on free ports, with process tracking by /proc (no cgroups enforced), no
 * accounting, the node described by {@code slurmd -C}, one partition {@code bench}. Needs root (slurmd starts jobs as
 * their user) and the Debian packages slurmctld, slurmd, slurm-client and munge.
 */
public final class LocalSlurm implements AutoCloseable {
    public static final String PARTITION = "bench";
    private static final List<String> PROGRAMS = List.of("munged", "slurmctld", "slurmd", "sbatch", "scontrol",
            "sinfo");
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Path dir;
    private final List<Process> daemons = new ArrayList<>();

    private LocalSlurm(Path dir) {
        this.dir = dir;
    }

    /** Why Slurm cannot be started here, or empty when it can. */
    public static Optional<String> unavailable() {
        List<String> missing = PROGRAMS.stream().filter(p -> find(p).isEmpty()).toList();
        if (!missing.isEmpty()) {
            return Optional.of("not on PATH or in /usr/sbin: " + String.join(", ", missing) + " (Debian packages"
                    + " slurmctld, slurmd, slurm-client, munge)");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("slurmd starts jobs as their user, which needs root; running as "
                    + System.getProperty("user.name"));
        }
        return Optional.empty();
    }

    public static LocalSlurm start(Path dir) throws IOException, InterruptedException {
        LocalSlurm slurm = new LocalSlurm(dir.toAbsolutePath());
        try {
            slurm.startDaemons();
        } catch (IOException | InterruptedException | RuntimeException e) {
            slurm.close();
            throw e;
        }
        return slurm;
    }

    public Path conf() {
        return dir.resolve("slurm.conf");
    }

    public Path socket() {
        return dir.resolve("munge").resolve("munge.socket");
    }

    private void startDaemons() throws IOException, InterruptedException {
        Path munge = Files.createDirectories(dir.resolve("munge"));
        Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(dir.resolve("spool"));
        Files.createDirectories(dir.resolve("log"));
        // munged checks its key's and socket folder's permissions like sshd does
        Files.setPosixFilePermissions(munge, PosixFilePermissions.fromString("rwx--x--x"));
        byte[] key = new byte[1024];
        new SecureRandom().nextBytes(key);
        Path keyFile = Files.write(munge.resolve("munge.key"), key);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        daemon("munged", List.of(find("munged").orElseThrow(), "-F", "-f", "--socket=" + socket(),
                "--key-file=" + keyFile, "--log-file=" + munge.resolve("munged.log"),
                "--pid-file=" + munge.resolve("munged.pid"), "--seed-file=" + munge.resolve("munged.seed")));
        await("munged's socket " + socket(), () -> Files.exists(socket()));

        Files.writeString(conf(), config(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("plugstack.conf"), "", StandardCharsets.UTF_8);
        daemon("slurmctld", List.of(find("slurmctld").orElseThrow(), "-D", "-f", conf().toString()));
        daemon("slurmd", List.of(find("slurmd").orElseThrow(), "-D", "-f", conf().toString()));
        await("node of " + conf() + " idle in sinfo", () -> {
            Result r = run(List.of("sinfo", "-h", "-o", "%t"));
            return r.code() == 0 && r.out().trim().equals("idle");
        });
    }

    private String config() throws IOException, InterruptedException {
        Result node = run(List.of(find("slurmd").orElseThrow(), "-C"));
        String nodeLine = node.out().lines().filter(l -> l.startsWith("NodeName=")).findFirst()
                .orElseThrow(() -> new IOException("slurmd -C printed no NodeName line: " + node.out()));
        Matcher name = Pattern.compile("NodeName=(\\S+)").matcher(nodeLine);
        name.find();
        String host = name.group(1);
        return String.join("\n",
                "ClusterName=portbenchtest",
                "SlurmctldHost=" + host,
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "SlurmUser=root",
                "SlurmdUser=root",
                "AuthType=auth/munge",
                "CredType=cred/munge",
                "AuthInfo=socket=" + socket(),
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + dir.resolve("log").resolve("slurmctld.log"),
                "SlurmdLogFile=" + dir.resolve("log").resolve("slurmd.log"),
                "PlugStackConfig=" + dir.resolve("plugstack.conf"),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                "JobCompType=jobcomp/none",
                "MpiDefault=none",
                "ReturnToService=2",
                "SchedulerParameters=sched_interval=1",
                "GresTypes=gpu,npu",
                nodeLine.replaceAll("\\s+UpTime=\\S+", "") + " State=UNKNOWN",
                "PartitionName=" + PARTITION + " Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP",
                "");
    }

    /** A job's state and exit code as {@code scontrol show job} says them, e.g. {@code COMPLETED 0:0}. */
    public String jobState(String jobId) throws IOException, InterruptedException {
        Result r = run(List.of("scontrol", "-o", "show", "job", jobId));
        Matcher state = Pattern.compile("JobState=(\\S+)").matcher(r.out());
        Matcher exit = Pattern.compile("ExitCode=(\\S+)").matcher(r.out());
        if (r.code() != 0 || !state.find() || !exit.find()) {
            throw new IOException("scontrol show job " + jobId + " exited " + r.code() + ": " + r.out());
        }
        return state.group(1) + " " + exit.group(1);
    }

    /** Waits until the job (every task of an array) has ended; returns each task's state and exit code. */
    public List<String> awaitEnd(String jobId, Duration limit) throws IOException, InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (true) {
            Result r = run(List.of("scontrol", "-o", "show", "job", jobId));
            List<String> states = new ArrayList<>();
            Matcher m = Pattern.compile("JobState=(\\S+).*?ExitCode=(\\S+)").matcher(r.out());
            while (m.find()) {
                states.add(m.group(1) + " " + m.group(2));
            }
            if (r.code() == 0 && !states.isEmpty() && states.stream().noneMatch(LocalSlurm::active)) {
                return states;
            }
            if (Instant.now().isAfter(end)) {
                throw new IOException("job " + jobId + " still " + states + " after " + limit.toSeconds() + " s; "
                        + r.out());
            }
            Thread.sleep(1000);
        }
    }

    private static boolean active(String state) {
        return state.startsWith("PENDING") || state.startsWith("RUNNING") || state.startsWith("CONFIGURING")
                || state.startsWith("COMPLETING") || state.startsWith("REQUEUE");
    }

    @Override
    public void close() {
        try {
            if (Files.exists(conf())) { // no job outlives the test's folder
                run(List.of("scancel", "--full", "--partition", PARTITION));
            }
        } catch (IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = daemons.size() - 1; i >= 0; i--) {
            Process p = daemons.get(i);
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void daemon(String name, List<String> command) throws IOException {
        Path log = dir.resolve("log").resolve(name + ".out");
        daemons.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    private interface Check {
        boolean holds() throws IOException, InterruptedException;
    }

    private void await(String what, Check check) throws IOException, InterruptedException {
        Instant end = Instant.now().plus(START_LIMIT);
        while (!check.holds()) {
            for (Process p : daemons) {
                if (!p.isAlive()) {
                    throw new IOException("a Slurm daemon exited " + p.exitValue() + " while waiting for " + what
                            + "; see " + dir.resolve("log"));
                }
            }
            if (Instant.now().isAfter(end)) {
                throw new IOException("no " + what + " after " + START_LIMIT.toSeconds() + " s; see "
                        + dir.resolve("log"));
            }
            Thread.sleep(250);
        }
    }

    record Result(int code, String out) {
    }

    Result run(List<String> command) throws IOException, InterruptedException {
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, find(command.get(0)).orElse(command.get(0)));
        ProcessBuilder pb = new ProcessBuilder(resolved).redirectErrorStream(true);
        pb.environment().put("SLURM_CONF", conf().toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not end within 30 s");
        }
        return new Result(p.exitValue(), out);
    }

    private static Optional<String> find(String program) {
        if (program.startsWith("/")) {
            return Optional.of(program);
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.add("/usr/sbin"); // Debian puts the daemons there, outside a plain user's PATH
        dirs.add("/sbin");
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, program)).filter(Files::isExecutable)
                .map(Path::toString).findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
