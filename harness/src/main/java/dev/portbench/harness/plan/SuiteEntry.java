package dev.portbench.harness.plan;

import dev.portbench.scenarios.Dtype;

import java.util.List;

/**
 * One block of a suite's matrix: every named scenario × workload × dtype (× every backend of the run).
 *
 * @param workloads workload names; empty means every workload of each scenario
 * @param dtypes    precisions; never empty
 */
public record SuiteEntry(List<String> scenarios, List<String> workloads, List<Dtype> dtypes) {

    public SuiteEntry {
        scenarios = List.copyOf(scenarios);
        workloads = List.copyOf(workloads);
        dtypes = List.copyOf(dtypes);
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("a suite entry names no scenario; expected at least one");
        }
        if (dtypes.isEmpty()) {
            throw new IllegalArgumentException("a suite entry names no dtype; expected at least one, e.g. fp32");
        }
    }

    public SuiteEntry withScenarios(List<String> names) {
        return new SuiteEntry(names, workloads, dtypes);
    }

    public SuiteEntry withWorkloads(List<String> names) {
        return new SuiteEntry(scenarios, names, dtypes);
    }

    public SuiteEntry withDtypes(List<Dtype> list) {
        return new SuiteEntry(scenarios, workloads, list);
    }
}
