package dev.portbench.harness.env;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The host-state parsers on recorded file contents laid out as /proc and /sys lay them out. */
class HostStateTest {
    @TempDir
    Path dir;

    private Path write(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    @Test
    void loadAverageIsTheFirstThreeFieldsOfLoadavg() throws IOException {
        Path f = write("proc/loadavg", "2.56 3.22 2.78 3/412 30859\n");
        assertEquals(List.of(2.56, 3.22, 2.78), HostState.loadAverage(f));
        assertTrue(HostState.loadAverage(dir.resolve("none")).toString().startsWith("unavailable: cannot read"));
    }

    @Test
    void governorsAreTheDistinctValuesOverCpus() throws IOException {
        write("cpu/cpu0/cpufreq/scaling_governor", "performance\n");
        write("cpu/cpu1/cpufreq/scaling_governor", "powersave\n");
        write("cpu/cpu2/cpufreq/scaling_governor", "performance\n");
        write("cpu/cpufreq/boost", "1\n"); // not a cpuN directory
        assertEquals(List.of("performance", "powersave"), HostState.governors(dir.resolve("cpu")));
    }

    @Test
    void aVirtualMachineWithoutCpufreqSaysSo() throws IOException {
        Files.createDirectories(dir.resolve("cpu/cpu0"));
        assertTrue(HostState.governors(dir.resolve("cpu")).toString().startsWith("unavailable: no cpufreq governor"));
    }

    @Test
    void cgroupV2QuotaIsCoresOrNone() throws IOException {
        write("v2/cpu.max", "150000 100000\n");
        assertEquals("1.50 cores (cgroup v2 cpu.max 150000 100000)", HostState.cgroupCpuQuota(dir.resolve("v2")));
        write("v2none/cpu.max", "max 100000\n");
        assertEquals("none (cgroup v2 cpu.max max 100000)", HostState.cgroupCpuQuota(dir.resolve("v2none")));
    }

    @Test
    void cgroupV1QuotaIsCoresOrNone() throws IOException {
        write("v1/cpu/cpu.cfs_quota_us", "200000\n");
        write("v1/cpu/cpu.cfs_period_us", "100000\n");
        assertEquals("2.00 cores (cgroup v1 cfs_quota_us 200000, cfs_period_us 100000)",
                HostState.cgroupCpuQuota(dir.resolve("v1")));
        write("v1none/cpu/cpu.cfs_quota_us", "-1\n");
        write("v1none/cpu/cpu.cfs_period_us", "100000\n");
        assertEquals("none (cgroup v1 cfs_quota_us -1)", HostState.cgroupCpuQuota(dir.resolve("v1none")));
        assertTrue(HostState.cgroupCpuQuota(dir.resolve("empty")).startsWith("unavailable: no "
                + dir.resolve("empty").resolve("cpu.max")), HostState.cgroupCpuQuota(dir.resolve("empty")));
    }

    @Test
    void theQuotaIsThisProcesssCgroupsNotTheRoots() throws IOException {
        write("fs/cgroup/cpu.max", "max 100000\n"); // the root: no quota
        write("fs/cgroup/system.slice/lab.service/cpu.max", "50000 100000\n");
        Path self = write("self-v2", "0::/system.slice/lab.service\n");
        assertEquals("0.50 cores (cgroup v2 cpu.max 50000 100000)",
                HostState.cgroupCpuQuota(HostState.ownCgroup(dir.resolve("fs/cgroup"), self)));

        write("v1/cpu/batch/job7/cpu.cfs_quota_us", "400000\n");
        write("v1/cpu/batch/job7/cpu.cfs_period_us", "100000\n");
        Path selfV1 = write("self-v1", "12:memory:/batch/job7\n4:cpu,cpuacct:/batch/job7\n1:name=systemd:/\n");
        assertEquals("4.00 cores (cgroup v1 cfs_quota_us 400000, cfs_period_us 100000)",
                HostState.cgroupCpuQuota(HostState.ownCgroup(dir.resolve("v1"), selfV1)));
        assertEquals(new HostState.CgroupDirs(dir.resolve("v1"), dir.resolve("v1/cpu"), dir.resolve("v1"),
                dir.resolve("v1/cpu")), HostState.ownCgroup(dir.resolve("v1"), dir.resolve("missing")),
                "unreadable: the root's");
    }

    /** A quota on the user's slice caps the session scope below it, whose own cpu.max says max. */
    @Test
    void theQuotaInForceIsTheSmallestUpTheTree() throws IOException {
        write("fs/cgroup/cpu.max", "max 100000\n");
        write("fs/cgroup/user.slice/user-1000.slice/cpu.max", "150000 100000\n");
        write("fs/cgroup/user.slice/user-1000.slice/session-4.scope/cpu.max", "max 100000\n");
        Path self = write("self-v2", "0::/user.slice/user-1000.slice/session-4.scope\n");
        assertEquals("1.50 cores (cgroup v2 cpu.max 150000 100000, set on user.slice/user-1000.slice)",
                HostState.cgroupCpuQuota(HostState.ownCgroup(dir.resolve("fs/cgroup"), self)));
        write("fs/cgroup/user.slice/user-1000.slice/session-4.scope/cpu.max", "300000 100000\n");
        assertEquals("1.50 cores (cgroup v2 cpu.max 150000 100000, set on user.slice/user-1000.slice)",
                HostState.cgroupCpuQuota(HostState.ownCgroup(dir.resolve("fs/cgroup"), self)), "the smaller one");
        write("fs/cgroup/user.slice/user-1000.slice/cpu.max", "max 100000\n");
        write("fs/cgroup/user.slice/user-1000.slice/session-4.scope/cpu.max", "max 100000\n");
        assertEquals("none (cgroup v2 cpu.max max 100000)",
                HostState.cgroupCpuQuota(HostState.ownCgroup(dir.resolve("fs/cgroup"), self)));
    }

    /** cgroup v1 Docker: /proc/self/cgroup says /docker/ID, but the container's cpu directory is that cgroup. */
    @Test
    void aContainerThatSeesItsCgroupAsTheRootReadsTheRoot() throws IOException {
        write("docker/cpu/cpu.cfs_quota_us", "250000\n");
        write("docker/cpu/cpu.cfs_period_us", "100000\n");
        Path self = write("self-docker", "4:cpu,cpuacct:/docker/0f3c9a\n");
        assertEquals("2.50 cores (cgroup v1 cfs_quota_us 250000, cfs_period_us 100000)",
                HostState.cgroupCpuQuota(HostState.ownCgroup(dir.resolve("docker"), self)));
    }

    @Test
    void statLinesAreParsedAfterTheLastParenthesis() {
        // a real /proc/PID/stat line; the name holds a space and a parenthesis
        String stat = "4242 (my (odd) proc) S 1 4242 4242 0 -1 4194560 1500 0 0 0 250 50 0 0 20 0 12 0 1234 "
                + "8975568 18722 18446744073709551615 1 1 0 0 0 0 0 4096 17663 0 0 0 17 1 0 0 0 0 0";
        ProcessCpu.Ticks t = ProcessCpu.parseStat(stat).orElseThrow();
        assertEquals("my (odd) proc", t.name());
        assertEquals(300, t.ticks(), "utime 250 + stime 50");
        assertTrue(ProcessCpu.parseStat("garbage").isEmpty());
    }

    @Test
    void readsProcessesFromAProcTree() throws IOException {
        write("proc/17/stat", "17 (java) R 1 17 17 0 -1 0 0 0 0 0 100 20 0 0 20 0 1 0 1 1 1 1");
        write("proc/self/stat", "not a pid directory");
        Map<Long, ProcessCpu.Ticks> all = ProcessCpu.read(dir.resolve("proc"));
        assertEquals(Map.of(17L, new ProcessCpu.Ticks("java", 120)), all);
    }

    @Test
    void busyProcessesLeaveOutTheRunsOwnNewAndReusedPids() {
        Map<Long, ProcessCpu.Ticks> before = Map.of(
                1L, new ProcessCpu.Ticks("mvn", 1000),
                2L, new ProcessCpu.Ticks("java", 500),     // ours
                3L, new ProcessCpu.Ticks("idle", 10),
                4L, new ProcessCpu.Ticks("old", 0));        // pid reused below
        Map<Long, ProcessCpu.Ticks> after = Map.of(
                1L, new ProcessCpu.Ticks("mvn", 1150),      // 150 ticks in 2 s = 0.75 cores
                2L, new ProcessCpu.Ticks("java", 900),
                3L, new ProcessCpu.Ticks("idle", 12),       // 0.01 cores: counted, not listed
                4L, new ProcessCpu.Ticks("new", 5000),
                5L, new ProcessCpu.Ticks("born", 100));
        BusyProcesses b = BusyProcesses.between(before, after, 2.0, Set.of(2L));
        assertEquals(0.76, b.otherCores(), 1e-12);
        assertEquals(List.of(new BusyProcesses.Busy(1, "mvn", 0.75)), b.top());
        assertEquals("0.76 cores (mvn pid 1: 0.75)", b.describe());
    }

    @Test
    void stealIsTheEighthValueOfTheCpuLineOverAllTicks() {
        // two real readings 5 s apart on a 2-vCPU virtual machine: 43 of 1007 ticks stolen
        SystemCpu.Ticks a = SystemCpu.parse("cpu  271059 112 22816 200904 1107 0 499 10296 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n")
                .orElseThrow();
        SystemCpu.Ticks b = SystemCpu.parse("cpu  271910 112 22846 200986 1107 0 500 10339 0 0\n").orElseThrow();
        assertEquals(10296, a.steal());
        assertEquals(271059 + 112 + 22816 + 0 + 499, a.busy(), "user nice system irq softirq");
        assertEquals((851 + 30 + 1) / 100.0 / 5, b.busyCoresSince(a, 5), 1e-12);
        assertEquals(271059 + 112 + 22816 + 200904 + 1107 + 0 + 499 + 10296, a.total());
        assertEquals(43.0 / 1007, b.stolenSince(a), 1e-12);
        assertTrue(SystemCpu.parse("cpu  1 2 3 4\n").isEmpty(), "a kernel without steal accounting");
    }

    @Test
    void theMachineWideCountSeesWhatNoProcessListShowsLessTheRunsOwnWork() {
        // the run: pid 2 (launcher) and pid 3 (a cell JVM that ends before the second reading; its ticks move into
        // the launcher's children's); others: pid 1; 2 s apart, the machine was busy 2.0 cores
        Map<Long, ProcessCpu.Ticks> before = Map.of(
                1L, new ProcessCpu.Ticks("sshd", 0),
                2L, new ProcessCpu.Ticks("java", 100, 0),
                3L, new ProcessCpu.Ticks("java", 50, 0));
        Map<Long, ProcessCpu.Ticks> after = Map.of(
                1L, new ProcessCpu.Ticks("sshd", 20),      // 0.1 cores, seen
                2L, new ProcessCpu.Ticks("java", 120, 180)); // own: (120 + 180) - (100 + 50) = 150 ticks = 0.75 cores
        BusyProcesses b = BusyProcesses.between(before, after, 2.0, Set.of(2L, 3L), Set.of(2L), 2.0);
        // 2.0 - 0.75 = 1.25 cores not the run's: 0.1 from sshd, the rest from processes that came and went unseen
        assertEquals(1.25, b.otherCores(), 1e-12);
        assertEquals(List.of(new BusyProcesses.Busy(1, "sshd", 0.1)), b.top());
    }

    @Test
    void childTicksAreFieldsSixteenAndSeventeen() {
        String stat = "99 (java) S 1 99 99 0 -1 0 0 0 0 0 250 50 700 30 20 0 12 0 1234 1 1";
        assertEquals(new ProcessCpu.Ticks("java", 300, 730), ProcessCpu.parseStat(stat).orElseThrow());
    }

    @Test
    void theBusyThresholdIsHalfACoreOrATenthOfTheHost() {
        assertEquals(0.5, HostState.busyThresholdCores(2));
        assertEquals(6.4, HostState.busyThresholdCores(64), 1e-12);
    }
}
