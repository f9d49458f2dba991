package dev.portbench.harness.env;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * env.json's {@code npus}: the chips {@code npu-smi info} lists, each with its device id from {@code npu-smi info -m},
 * or the reason there are none. Where npu-smi is not on PATH nothing is run.
 */
final class NpuSection {
    private NpuSection() {
    }

    static Map<String, Object> describe(NpuSmiProbe probe) {
        Map<String, Object> m = new LinkedHashMap<>();
        ExternalTool.Outcome<NpuSmiInfo> info = probe.info();
        if (!info.ok()) {
            m.put("reason", info.reason());
            return m;
        }
        m.put("npu_smi", probe.executable().toString());
        m.put("npu_smi_version", info.value().npuSmiVersion());
        m.put("version", info.value().version());
        ExternalTool.Outcome<NpuSmiMapping> mapping = probe.mapping();
        if (!mapping.ok()) {
            m.put("device_ids_unavailable", mapping.reason());
        }
        List<Map<String, Object>> chips = new ArrayList<>();
        for (NpuChip c : info.value().chips()) {
            chips.add(chip(c, mapping.ok() ? mapping.value() : null));
        }
        m.put("chips", chips);
        return m;
    }

    static Map<String, Object> chip(NpuChip c, NpuSmiMapping mapping) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("npu_id", c.npuId());
        m.put("chip_id", c.chipId());
        if (mapping != null) {
            var logic = mapping.logicId(c.npuId(), c.chipId());
            m.put("device_id", logic.isPresent() ? logic.getAsInt() : null);
        }
        m.put("physical_id", c.physicalId());
        m.put("name", c.name());
        m.put("health", c.health());
        m.put("power_w", c.powerW());
        m.put("temperature_c", c.temperatureC());
        m.put("aicore_percent", c.aicorePercent());
        m.put("memory_used_mb", c.memory().usedMb());
        m.put("memory_total_mb", c.memory().totalMb());
        m.put("hbm_used_mb", c.hbm() == null ? null : c.hbm().usedMb());
        m.put("hbm_total_mb", c.hbm() == null ? null : c.hbm().totalMb());
        m.put("bus_id", c.busId());
        return m;
    }
}
