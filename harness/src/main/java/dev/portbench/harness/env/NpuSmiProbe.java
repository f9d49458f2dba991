package dev.portbench.harness.env;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Asks Huawei's {@code npu-smi} tool, as a separate process ({@link ExternalTool}), which NPUs the host has and what
 * they draw and hold now.
 */
public final class NpuSmiProbe {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ExternalTool tool;

    private NpuSmiProbe(ExternalTool tool) {
        this.tool = tool;
    }

    /** {@code npu-smi} as this process's PATH finds it. */
    public static NpuSmiProbe onPath() {
        return onPath(System.getenv("PATH"), TIMEOUT);
    }

    /** {@code npu-smi} as {@code pathVariable} (directories apart by the path separator) finds it. */
    public static NpuSmiProbe onPath(String pathVariable, Duration timeout) {
        return new NpuSmiProbe(ExternalTool.onPath("npu-smi", pathVariable, timeout));
    }

    public boolean found() {
        return tool.found();
    }

    public Path executable() {
        return tool.executable();
    }

    /** {@code npu-smi info}: the chips and their readings. */
    public ExternalTool.Outcome<NpuSmiInfo> info() {
        return parsed(NpuSmiInfo::parse, "info");
    }

    /** {@code npu-smi info -m}: which device id each NPU id / chip id is. */
    public ExternalTool.Outcome<NpuSmiMapping> mapping() {
        return parsed(NpuSmiMapping::parse, "info", "-m");
    }

    /** {@code npu-smi info -t power -i NPU}: the NPU's chips' draw now. */
    public ExternalTool.Outcome<List<NpuSmiPower.Power>> power(int npuId) {
        return parsed(NpuSmiPower::parse, "info", "-t", "power", "-i", Integer.toString(npuId));
    }

    /** {@code npu-smi info -t usages -i NPU}: the NPU's chips' memory and utilisation now. */
    public ExternalTool.Outcome<List<NpuSmiUsages.Usage>> usages(int npuId) {
        return parsed(NpuSmiUsages::parse, "info", "-t", "usages", "-i", Integer.toString(npuId));
    }

    private <T> ExternalTool.Outcome<T> parsed(Function<String, T> parser, String... args) {
        ExternalTool.Outcome<String> out = tool.run(args);
        if (!out.ok()) {
            return ExternalTool.Outcome.failed(out.reason());
        }
        try {
            return new ExternalTool.Outcome<>(parser.apply(out.value()), null);
        } catch (NpuSmiFormatException e) {
            return ExternalTool.Outcome.failed("npu-smi printed what portbench cannot read: " + e.getMessage());
        }
    }
}
