package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.Availability;
import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;

import java.util.Map;

/**
 * Ascend NPUs through ONNX Runtime's CANN execution provider, reached through JavaCPP's onnxruntime preset (the
 * official Java API has no CANN call). Needs a {@code libonnxruntime} built with {@code --use_cann}; the preset bundles
 * a CPU build, on which {@link #probe()} says why CANN is not available. Constructing this class loads nothing native.
 * The runtime is not swappable per run ({@code ID@VERSION}): it is one preset version, unpacked into this module.
 */
public final class OnnxRuntimeCannProvider implements BackendProvider {

    @Override
    public String id() {
        return CannSettings.ID;
    }

    @Override
    public String description() {
        return "ONNX Runtime (JavaCPP preset), CANN execution provider on an Ascend NPU";
    }

    @Override
    public Map<String, String> supportedOptions() {
        Map<String, String> all = new java.util.LinkedHashMap<>(CannSettings.DOCUMENTATION);
        all.putAll(CannEnvironment.DOCUMENTATION);
        return all;
    }

    @Override
    public void checkOptions(BackendOptions options) {
        CannSettings.from(options);
        CannEnvironment.from(options);
    }

    /** The NPUs the cell JVMs see and where the --use_cann runtime is, from the options. */
    @Override
    public dev.portbench.backend.CellEnvironment cellEnvironment(BackendOptions options) {
        return CannEnvironment.from(options).cellEnvironment();
    }

    /** The NPU the options select, by the logic id npu-smi's mapping knows it by. */
    @Override
    public dev.portbench.backend.TelemetryTarget telemetryTarget(BackendOptions options) {
        String visible = CannEnvironment.from(options).visibleDevices();
        if (visible == null) {
            visible = System.getenv("ASCEND_RT_VISIBLE_DEVICES");
        }
        return dev.portbench.backend.TelemetryTarget.ascendNpu(dev.portbench.backend.TelemetryTarget.physicalIndex(
                options.nonNegativeInt(CannSettings.DEVICE_ID, 0), visible));
    }

    /** Runs the probe with the default options in a JVM of its own (see {@link CannProbe}); never throws. */
    @Override
    public Availability probe() {
        return probe(BackendOptions.none(CannSettings.ID));
    }

    /** Runs the probe in a JVM of its own, appending the provider with the cell's options; never throws. */
    @Override
    public Availability probe(BackendOptions options) {
        try {
            return CannProbe.inChildJvm(options).availability();
        } catch (RuntimeException e) {
            return Availability.no("the CANN probe failed: " + e);
        }
    }

    @Override
    public Backend create(BackendOptions options) {
        CannSettings settings = CannSettings.from(options);
        return new CannBackend(settings, CannProbe.last(), new CannExecutionProvider(settings),
                CannEnvironment.from(options).libraryPath());
    }
}
