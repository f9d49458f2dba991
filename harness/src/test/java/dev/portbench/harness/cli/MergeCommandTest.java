package dev.portbench.harness.cli;

import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import dev.portbench.results.runs.SyntheticRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code portbench merge}: two shards of a night become one run; bad merges are exit 2 naming file and line. */
class MergeCommandTest {
    @TempDir
    Path tmp;

    private Path shard(String name, String scenario, double... logits) throws IOException {
        Path dir = SyntheticRun.at(tmp.resolve(name)).add(SyntheticRun.okRow(scenario, "onnxruntime-cpu", 1000, 10))
                .logits(scenario, "onnxruntime-cpu", 2, logits).write();
        Files.writeString(dir.resolve("env.json"), "{\"host\": \"" + name + "\"}\n");
        return dir;
    }

    @Test
    void shardsBecomeOneRunWithEveryRowOutputAndEnv() throws IOException {
        Path a = shard("shard-0", "dense-small", 1, 2, 3, 4);
        Path b = shard("shard-1", "moe-small", 5, 6);
        Path out = tmp.resolve("night");
        CliRunner r = CliRunner.run("merge", a.toString(), b.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().startsWith("merged 2 runs, 2 rows, into " + out), r.out());
        List<ResultRow> rows = ResultsCsvReader.read(out.resolve("results.csv"));
        assertEquals(List.of("dense-small", "moe-small"), rows.stream().map(x -> x.text(Column.SCENARIO)).toList());
        assertTrue(Files.exists(out.resolve("outputs/moe-small/prefill/fp32/onnxruntime-cpu/logits.npy")));
        assertEquals("{\"host\": \"shard-1\"}\n", Files.readString(out.resolve("sources/shard-1/env.json")));
        // the merged run reads like any run: a gate between it and itself
        assertEquals(0, CliRunner.run("gate", "--baseline", out.toString(), "--candidate", out.toString())
                .exitCode());
    }

    @Test
    void oneRunMergesAloneAsTheNightOfShardsWhoseOthersWroteNothing() throws IOException {
        Path a = shard("shard-0", "dense-small", 1, 2);
        Path out = tmp.resolve("night");
        CliRunner r = CliRunner.run("merge", a.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals(ResultsCsvReader.read(a.resolve("results.csv")), ResultsCsvReader.read(out.resolve("results.csv")));
        assertEquals(ExitCode.USAGE, CliRunner.run("merge", "--out", tmp.resolve("none").toString()).exitCode());
    }

    /** A Slurm night's shards ran on any free nodes: --host makes their rows one host class's. */
    @Test
    void hostNamesEveryMergedRowsHostAndKeepsTheNodesInSources() throws IOException {
        Path a = shard("node1", "dense-small", 1, 2);
        Path b = shard("node2", "moe-small", 3, 4);
        Path out = tmp.resolve("night");
        CliRunner r = CliRunner.run("merge", a.toString(), b.toString(), "--host", "slurm-cpu", "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals(List.of("slurm-cpu", "slurm-cpu"), ResultsCsvReader.read(out.resolve("results.csv")).stream()
                .map(x -> x.text(Column.HOST)).toList());
        assertEquals("{\"host\": \"node2\"}\n", Files.readString(out.resolve("sources/node2/env.json")));
        assertEquals(ExitCode.USAGE, CliRunner.run("merge", a.toString(), "--host", "a,b", "--out",
                tmp.resolve("m2").toString()).exitCode());
    }

    /** A shard resumed on another node ran its remaining cells there: that session's env names the node. */
    @Test
    void everySessionsEnvOfASourceIsKeptWithItsOtherRecords() throws IOException {
        Path a = shard("shard-0", "dense-small", 1, 2);
        Files.writeString(a.resolve("env-resume-1.json"), "{\"host\": \"node7\"}\n");
        Files.writeString(a.resolve("env-resume-2.json"), "{\"host\": \"node9\"}\n");
        Files.writeString(a.resolve("run.json"), "{\"run_id\": \"r0\"}\n");
        Files.writeString(a.resolve("complete.json"), "{\"cells\": 1}\n");
        Files.writeString(a.resolve("notes.txt"), "not a run record\n");
        Path out = tmp.resolve("night");
        CliRunner r = CliRunner.run("merge", a.toString(), "--host", "slurm-cpu", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        Path kept = out.resolve("sources/shard-0");
        try (Stream<Path> files = Files.list(kept)) {
            assertEquals(List.of("complete.json", "env-resume-1.json", "env-resume-2.json", "env.json", "run.json"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        assertEquals("{\"host\": \"node7\"}\n", Files.readString(kept.resolve("env-resume-1.json")));
        assertEquals("{\"host\": \"node9\"}\n", Files.readString(kept.resolve("env-resume-2.json")));
    }

    /** Two hosts' nights of one date share a name: each keeps its host's, in whichever order they are given. */
    @Test
    void sourceNamesDoNotDependOnTheOrderOfTheRuns() throws IOException {
        Path a = SyntheticRun.at(tmp.resolve("hostA/2026-11-22"))
                .add(SyntheticRun.okRow("dense-small", "onnxruntime-cpu", 1000, 10)).write();
        Path b = SyntheticRun.at(tmp.resolve("hostB/2026-11-22"))
                .add(SyntheticRun.okRow("moe-small", "onnxruntime-cpu", 700, 10)).write();
        Files.writeString(a.resolve("env.json"), "{\"host\": \"hostA\"}\n");
        Files.writeString(b.resolve("env.json"), "{\"host\": \"hostB\"}\n");
        for (List<Path> order : List.of(List.of(a, b), List.of(b, a))) {
            Path out = tmp.resolve("night-" + order.get(0).getParent().getFileName());
            CliRunner r = CliRunner.run("merge", order.get(0).toString(), order.get(1).toString(), "--out",
                    out.toString());
            assertEquals(0, r.exitCode(), r.out() + r.err());
            try (Stream<Path> names = Files.list(out.resolve("sources"))) {
                assertEquals(List.of("hostA-2026-11-22", "hostB-2026-11-22"),
                        names.map(n -> n.getFileName().toString()).sorted().toList(), r.out());
            }
            assertEquals("{\"host\": \"hostB\"}\n",
                    Files.readString(out.resolve("sources/hostB-2026-11-22/env.json")));
        }
        CliRunner twice = CliRunner.run("merge", a.toString(), tmp.resolve("hostA/../hostA/2026-11-22").toString(),
                "--out", tmp.resolve("twice").toString());
        assertEquals(ExitCode.USAGE, twice.exitCode(), twice.out() + twice.err());
        assertTrue(twice.err().contains("is given twice; expected each run directory once"), twice.err());
    }

    /** A copy that fails half way (here a file where another run has a folder) leaves no night behind. */
    @Test
    void aMergeThatFailsWhileCopyingLeavesOutAsItWas() throws IOException {
        Path a = shard("a", "moe-small", 1, 2);
        Path b = shard("b", "dense-small", 1, 2);
        Path clash = Files.writeString(a.resolve("outputs/dense-small"), "a file where b has a folder");
        Path out = tmp.resolve("night");
        CliRunner r = CliRunner.run("merge", a.toString(), b.toString(), "--out", out.toString());
        assertEquals(ExitCode.INTERNAL, r.exitCode(), r.out() + r.err());
        assertFalse(Files.exists(out), "no half-written night");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(ExitCode.INTERNAL, CliRunner.run("merge", a.toString(), b.toString(), "--out",
                empty.toString()).exitCode());
        try (Stream<Path> left = Files.list(empty)) {
            assertEquals(List.of(), left.toList(), "the empty --out stays empty");
        }
        try (Stream<Path> beside = Files.list(tmp)) {
            assertEquals(List.of("a", "b", "empty"), beside.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the folder the night was built in is gone");
        }
        Files.delete(clash);
        CliRunner again = CliRunner.run("merge", a.toString(), b.toString(), "--out", out.toString());
        assertEquals(0, again.exitCode(), again.out() + again.err());
        assertEquals(2, ResultsCsvReader.read(out.resolve("results.csv")).size());
        CliRunner intoEmpty = CliRunner.run("merge", a.toString(), b.toString(), "--out", empty.toString());
        assertEquals(0, intoEmpty.exitCode(), intoEmpty.out() + intoEmpty.err());
        assertEquals(Files.readString(out.resolve("results.csv")), Files.readString(empty.resolve("results.csv")));
        assertTrue(Files.exists(empty.resolve("outputs/dense-small/prefill/fp32/onnxruntime-cpu/logits.npy")));
    }

    @Test
    void aCellInTwoRunsIsRefusedNamingBothRows() throws IOException {
        Path a = shard("a", "dense-small", 1, 2);
        Path b = shard("b", "dense-small", 1, 2);
        Path out = tmp.resolve("night");
        CliRunner r = CliRunner.run("merge", a.toString(), b.toString(), "--out", out.toString());
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains(b.resolve("results.csv") + ":2:") && r.err().contains("is also measured at "
                + a.resolve("results.csv") + ":2"), r.err());
        assertFalse(Files.exists(out.resolve("results.csv")), "nothing is written for a refused merge");
    }

    @Test
    void anotherSchemaVersionOrAUsedOutIsExitTwo() throws IOException {
        Path a = shard("a", "dense-small", 1, 2);
        Path old = shard("old", "moe-small", 1, 2);
        List<String> lines = Files.readAllLines(old.resolve("results.csv"));
        lines.set(1, lines.get(1).replaceFirst("^6,", "5,"));
        Files.write(old.resolve("results.csv"), lines);
        CliRunner r = CliRunner.run("merge", a.toString(), old.toString(), "--out", tmp.resolve("m").toString());
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains(old.resolve("results.csv") + ":2: schema_version is \"5\""), r.err());
        CliRunner used = CliRunner.run("merge", a.toString(), old.toString(), "--out", a.toString());
        assertEquals(ExitCode.USAGE, used.exitCode());
        assertTrue(used.err().contains("exists and is not an empty directory"), used.err());
    }

    @Test
    void outputsTwoRunsHoldDifferentlyAreRefusedBeforeAnythingIsWritten() throws IOException {
        Path a = shard("a", "dense-small", 1, 2);
        Path b = shard("b", "moe-small", 1, 2);
        Path oracle = "outputs/dense-small/prefill/oracle/logits.npy".transform(Path::of);
        Files.createDirectories(a.resolve(oracle).getParent());
        Files.createDirectories(b.resolve(oracle).getParent());
        Files.writeString(a.resolve(oracle), "one");
        Files.writeString(b.resolve(oracle), "two");
        Path out = tmp.resolve("night");
        CliRunner r = CliRunner.run("merge", a.toString(), b.toString(), "--out", out.toString());
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains(b.resolve(oracle) + ": differs from " + a.resolve(oracle)), r.err());
        assertFalse(Files.exists(out), "nothing is written for a refused merge");
    }
}
