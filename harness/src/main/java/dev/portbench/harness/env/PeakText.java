package dev.portbench.harness.env;

import java.util.Locale;

/** One line for the console: the measured peaks, or why a peak is missing. */
public final class PeakText {
    private PeakText() {
    }

    public static String of(MachinePeak p) {
        String gemm = p.fp32Gflops() == null ? "no GEMM peak (" + p.reason() + ")" : String.format(Locale.ROOT,
                "sgemm %.0f GFLOP/s, dgemm %.0f GFLOP/s at %d³", p.fp32Gflops(), p.fp64Gflops(), p.gemmSize());
        String copy = p.memGbps() == null ? "no copy bandwidth (arrays did not fit the heap)"
                : String.format(Locale.ROOT, "copy %.1f GB/s", p.memGbps());
        return gemm + ", " + copy + " on " + p.threads() + " threads";
    }

    /** An accelerator's GEMM rate per arithmetic on its device, and for each arithmetic without one, why. */
    public static String of(DevicePeak p) {
        if (p.reason() != null) {
            return "not measured (" + p.reason() + ")";
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        p.gflops().forEach((arithmetic, gflops) -> parts.add(String.format(Locale.ROOT, "%s %.0f GFLOP/s (%d MatMuls"
                + " a run)", arithmetic, gflops, p.chains().get(arithmetic))));
        p.unmeasured().forEach((arithmetic, why) -> parts.add(arithmetic + " not measured (" + why + ")"));
        return String.join(", ", parts) + String.format(Locale.ROOT, " at %d³ on %s (%s)", p.size(), p.target(),
                p.device());
    }
}
