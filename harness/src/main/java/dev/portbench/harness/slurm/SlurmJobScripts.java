package dev.portbench.harness.slurm;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The two batch scripts of a night. The shards' array script: each task runs its shard of the cells into its own run
 * directory; when a directory from an earlier try is there it resumes it with the same plan options, so run's resume
 * check refuses a plan that changed since (another --shards, suite or option), and a complete shard has nothing to
 * run. {@code run --shard} deals the cells out by name, so a shard always holds the same cells. Every task holds its
 * node alone ({@code --exclusive}): two benchmarks on one machine would time each other. The merge script, run after
 * every task has ended whatever its outcome ({@code --dependency=afterany}): merges the shards that wrote results into
 * the night, their rows' host set to the fleet (the nodes a shard lands on change from night to night; the fleet is
 * the host class whose history the gate judges), then runs the history gate, the history index and the report, and
 * exits with the worst of their codes; a shard without results, or without complete.json, makes it 1.
 */
public final class SlurmJobScripts {
    private SlurmJobScripts() {
    }

    public static String shards(SlurmJob job) {
        SlurmNight n = job.night();
        StringBuilder b = new StringBuilder();
        b.append("#!/usr/bin/env bash\n");
        b.append("# portbench: the shards of ").append(n.fleet()).append(' ').append(n.date())
                .append(", written by `portbench slurm submit`; array task I runs shard I of ").append(job.shards())
                .append(".\n");
        b.append("#SBATCH --job-name=portbench-shards-").append(n.fleet()).append('\n');
        b.append("#SBATCH --partition=").append(job.partition()).append('\n');
        b.append(String.format(Locale.ROOT, "#SBATCH --array=0-%d%%%d%n", job.shards() - 1, job.maxParallel()));
        b.append("#SBATCH --output=").append(n.shardLogPattern()).append('\n');
        b.append("#SBATCH --exclusive\n");
        directives(b, job);
        if (job.gres() != null) {
            b.append("#SBATCH --gres=").append(job.gres().sbatchValue()).append('\n');
        }
        b.append("set -euo pipefail\n");
        b.append("shard=\"${SLURM_ARRAY_TASK_ID:?expected to run as a Slurm array task}\"\n");
        b.append("out=").append(quote(n.staging().toString())).append("/\"shard-$shard\"\n");
        if (job.gres() != null && job.gres().isNpu()) {
            b.append("# Slurm counts the npu GRES but names no device (no upstream plugin). The task holds its node\n");
            b.append("# (--exclusive), so its NPUs are the node's first ").append(job.gres().count())
                    .append(", unless the site's TaskProlog has named them.\n");
            b.append("export ASCEND_RT_VISIBLE_DEVICES=\"${ASCEND_RT_VISIBLE_DEVICES:-")
                    .append(job.gres().firstDevices()).append("}\"\n");
        }
        String launcher = quote(job.launcher());
        StringBuilder plan = new StringBuilder(" --suite ").append(quote(job.suite())).append(" --shard \"$shard/")
                .append(job.shards()).append('"');
        for (String option : job.runOptions()) {
            plan.append(' ').append(quote(option));
        }
        b.append("if [[ -f \"$out/complete.json\" ]]; then\n");
        b.append("  echo \"shard $shard: $out is complete; nothing to run\" >&2\n");
        b.append("  exit 0\n");
        b.append("fi\n");
        b.append("if [[ -f \"$out/run.json\" ]]; then # an earlier try of this shard: its missing cells, same plan\n");
        b.append("  exec ").append(launcher).append(" run --resume \"$out\"").append(plan).append('\n');
        b.append("fi\n");
        b.append("exec ").append(launcher).append(" run --out \"$out\"").append(plan).append('\n');
        return b.toString();
    }

    public static String merge(SlurmJob job) {
        SlurmNight n = job.night();
        StringBuilder b = new StringBuilder();
        b.append("#!/usr/bin/env bash\n");
        b.append("# portbench: merges the shards of ").append(n.fleet()).append(' ').append(n.date())
                .append(" into the night, then gate, history and report; written by `portbench slurm submit`.\n");
        b.append("#SBATCH --job-name=portbench-merge-").append(n.fleet()).append('\n');
        b.append("#SBATCH --partition=").append(job.partition()).append('\n');
        b.append("#SBATCH --output=").append(n.mergeLog()).append('\n');
        directives(b, job);
        b.append("set -uo pipefail\n");
        b.append("portbench=").append(quote(job.launcher())).append('\n');
        b.append("night=").append(quote(n.night().toString())).append('\n');
        b.append("runs_root=").append(quote(n.runsRoot().toString())).append('\n');
        b.append("verdict=0\n");
        b.append("fail() { local code=$1; if (( code > verdict )); then verdict=$code; fi; }\n");
        b.append("shards=()\n");
        b.append("for i in ").append(indices(job.shards())).append("; do\n");
        b.append("  dir=").append(quote(n.staging().toString())).append("/\"shard-$i\"\n");
        b.append("  if [[ -f \"$dir/results.csv\" ]]; then\n");
        b.append("    shards+=(\"$dir\")\n");
        b.append("    if [[ ! -f \"$dir/complete.json\" ]]; then\n");
        b.append("      echo \"merge: shard $i is incomplete (no $dir/complete.json): its finished cells are merged,\"\\\n");
        b.append("        \"the others are missing; see its log beside it\" >&2\n");
        b.append("      fail 1\n");
        b.append("    fi\n");
        b.append("  else\n");
        b.append("    echo \"merge: shard $i wrote no $dir/results.csv; see its log beside it\" >&2\n");
        b.append("    fail 1\n");
        b.append("  fi\n");
        b.append("done\n");
        b.append("if (( ${#shards[@]} == 0 )); then\n");
        b.append("  echo \"merge: no shard wrote results; nothing to merge into $night\" >&2\n");
        b.append("  exit 1\n");
        b.append("fi\n");
        b.append("\"$portbench\" merge \"${shards[@]}\" --host ").append(quote(n.fleet()))
                .append(" --out \"$night\" || exit $?\n");
        b.append("\"$portbench\" gate --history \"$runs_root\" --markdown \"$night/history-gate.md\" || fail $?\n");
        b.append("\"$portbench\" history \"$runs_root\" || fail $?\n");
        b.append("\"$portbench\" report ").append(quote(n.runsRoot().resolve(n.fleet()).toString()))
                .append(" --out \"$night/report.html\" || fail $?\n");
        b.append("echo \"merge: $night: exit $verdict\" >&2\n");
        b.append("exit \"$verdict\"\n");
        return b.toString();
    }

    private static void directives(StringBuilder b, SlurmJob job) {
        if (job.timeLimit() != null) {
            b.append("#SBATCH --time=").append(job.timeLimit()).append('\n');
        }
    }

    private static String indices(int shards) {
        return java.util.stream.IntStream.range(0, shards).mapToObj(Integer::toString)
                .collect(Collectors.joining(" "));
    }

    /** A word for bash: single-quoted, with each single quote closed, escaped and reopened. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
