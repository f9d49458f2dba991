package dev.portbench.results.gate;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.DriftColumns;
import dev.portbench.results.MeasurementCaveats;
import dev.portbench.results.OptionsCodec;
import dev.portbench.results.ResultRow;
import dev.portbench.results.SettingsChanges;
import dev.portbench.results.compare.CellComparison;
import dev.portbench.results.compare.RatioInterval;
import dev.portbench.results.compare.RunComparison;
import dev.portbench.results.runs.CellKey;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Decides whether a candidate may replace a baseline: every cell of a {@link RunComparison} gets every
 * {@link GateCheck} under a {@link GatePolicy}.
 *
 * <p>Throughput fails only on a significant drop (the ratio's interval lies wholly below 1) larger than the policy's
 * {@code max_drop}, and passes only when the interval's low end is at or above {@code 1 - max_drop}. Any other cell
 * (its interval reaches below {@code 1 - max_drop}, its ratio does not, or the drop is not significant) cannot tell
 * a larger drop from noise: that is "inconclusive", handled by the policy (warn by default), never passed in silence.
 * This is what lets two honest runs of one build pass while a real regression on a steady cell fails.
 */
public final class Gate {

    /** How a throughput check too noisy to decide begins its message, whatever outcome the policy gives it. */
    private static final String INCONCLUSIVE = "inconclusive: ";
    /** The backends' option naming the devices a cell's JVMs were shown; see {@link #settings}. */
    private static final String VISIBLE_DEVICES = "visible_devices";

    private Gate() {
    }

    /** Whether a result is a throughput check whose interval was too wide to decide. */
    public static boolean isInconclusive(CheckResult r) {
        return r.check() == GateCheck.THROUGHPUT && r.message().startsWith(INCONCLUSIVE);
    }

    public static GateReport evaluate(RunComparison comparison, GatePolicy policy, String policySource) {
        List<CheckResult> results = new ArrayList<>();
        for (CellComparison cell : comparison.cells()) {
            CellKey key = cell.candidateKey() != null ? cell.candidateKey() : cell.baselineKey();
            results.add(presence(key, cell, policy));
            results.add(status(key, cell, policy));
            results.add(throughput(key, cell, policy));
            results.add(memory(key, cell, policy));
            results.add(drift(key, cell, policy));
            results.add(placement(key, cell, policy));
            results.add(settings(key, cell, policy));
        }
        return new GateReport(describe(comparison, true), describe(comparison, false), policySource, results);
    }

    private static String describe(RunComparison comparison, boolean baseline) {
        String dir = (baseline ? comparison.baseline() : comparison.candidate()).directory().toString();
        if (comparison.pairing().isSame()) {
            return dir;
        }
        return dir + " (" + (baseline ? comparison.pairing().baselineBackend()
                : comparison.pairing().candidateBackend()) + ")";
    }

    private static CheckResult presence(CellKey key, CellComparison cell, GatePolicy policy) {
        return switch (cell.presence()) {
            case BOTH -> new CheckResult(key, GateCheck.PRESENCE, Outcome.PASS, "in both runs");
            case CANDIDATE_ONLY -> new CheckResult(key, GateCheck.PRESENCE, Outcome.WARN, "new in the candidate ("
                    + cell.candidate().where() + "), not in the baseline");
            case BASELINE_ONLY -> new CheckResult(key, GateCheck.PRESENCE, outcome(policy.missingCells()),
                    "in the baseline (" + cell.baseline().where() + ") but no row in the candidate");
        };
    }

    private static CheckResult status(CellKey key, CellComparison cell, GatePolicy policy) {
        if (cell.candidate() == null || cell.baseline() == null) {
            return new CheckResult(key, GateCheck.STATUS, Outcome.SKIP, "cell not in both runs");
        }
        CellStatus a = cell.baselineStatus().orElseThrow();
        CellStatus b = cell.candidateStatus().orElseThrow();
        String reason = cell.candidateRow().map(r -> r.text(Column.REASON)).filter(r -> !r.isEmpty())
                .map(r -> ": " + r).orElse("");
        if (a == CellStatus.OK && b == CellStatus.OK) {
            return new CheckResult(key, GateCheck.STATUS, Outcome.PASS, "OK in both runs");
        }
        if (a == CellStatus.OK) {
            return new CheckResult(key, GateCheck.STATUS, outcome(policy.statusRegression()),
                    "OK -> " + b + " (" + cell.candidate().where() + ")" + reason);
        }
        if (b == CellStatus.OK) {
            return new CheckResult(key, GateCheck.STATUS, Outcome.PASS, a + " -> OK");
        }
        if (a == CellStatus.SKIPPED && b == CellStatus.SKIPPED) {
            return new CheckResult(key, GateCheck.STATUS, Outcome.SKIP, "SKIPPED in both runs" + reason);
        }
        return new CheckResult(key, GateCheck.STATUS, Outcome.WARN, a + " -> " + b + " (" + cell.candidate().where()
                + ")" + reason);
    }

    private static CheckResult throughput(CellKey key, CellComparison cell, GatePolicy policy) {
        if (!bothOk(cell)) {
            return new CheckResult(key, GateCheck.THROUGHPUT, Outcome.SKIP, "cell not OK in both runs");
        }
        RatioInterval t = cell.throughput();
        if (!t.hasRatio()) {
            return new CheckResult(key, GateCheck.THROUGHPUT, Outcome.SKIP, "tokens_per_s not recorded in both rows");
        }
        double floor = 1 - policy.maxThroughputDrop();
        String allowed = percent(policy.maxThroughputDrop());
        if (!t.hasInterval()) {
            return new CheckResult(key, GateCheck.THROUGHPUT, outcome(policy.inconclusive()), INCONCLUSIVE + "tokens/s "
                    + times(t.ratio()) + " the baseline, but a row records no tokens_per_s_error, so a drop over "
                    + allowed + " cannot be told from noise");
        }
        String measured = "tokens/s " + times(t.ratio()) + " the baseline (range " + range(t) + ")";
        if (t.significantlyBelowOne() && t.ratio() < floor) {
            return new CheckResult(key, GateCheck.THROUGHPUT, Outcome.FAIL, measured + ": a significant "
                    + percent(1 - t.ratio()) + " drop, more than the " + allowed + " allowed" + caveats(cell));
        }
        if (t.low() >= floor) {
            return new CheckResult(key, GateCheck.THROUGHPUT, Outcome.PASS, measured + ": no drop over " + allowed
                    + caveats(cell));
        }
        // the range reaches below the floor, the ratio does not: a drop over the allowance is possible, not shown,
        // whether or not the range also reaches 1 (a significant small drop may still be a large one)
        String reaches = t.significantlyBelowOne() ? ", wholly below 1 but reaching below " + fixed(floor)
                : " reaches below " + fixed(floor) + " and above 1";
        return new CheckResult(key, GateCheck.THROUGHPUT, outcome(policy.inconclusive()), INCONCLUSIVE + measured
                + reaches + ", so a drop over " + allowed + " cannot be told from noise; "
                + ForksToDecide.advice(cell.baselineRow().orElseThrow(), cell.candidateRow().orElseThrow(), t.ratio(),
                floor) + caveats(cell));
    }

    /**
     * What either row says against its interval ({@link MeasurementCaveats}), for a throughput verdict taken on those
     * intervals as recorded; empty where neither says anything.
     */
    static String caveats(CellComparison cell) {
        List<String> parts = new ArrayList<>();
        List<String> baseline = MeasurementCaveats.of(cell.baselineRow().orElseThrow());
        if (!baseline.isEmpty()) {
            parts.add("the baseline row (" + cell.baseline().where() + ") " + String.join(" and ", baseline));
        }
        List<String> candidate = MeasurementCaveats.of(cell.candidateRow().orElseThrow());
        if (!candidate.isEmpty()) {
            parts.add("the candidate row (" + cell.candidate().where() + ") " + String.join(" and ", candidate));
        }
        return parts.isEmpty() ? "" : "; read with care: " + String.join("; ", parts);
    }

    private static CheckResult memory(CellKey key, CellComparison cell, GatePolicy policy) {
        if (!bothOk(cell)) {
            return new CheckResult(key, GateCheck.MEMORY, Outcome.SKIP, "cell not OK in both runs");
        }
        double rss = cell.ratio(Column.PEAK_RSS_MB);
        double weights = cell.ratio(Column.WEIGHTS_MB);
        if (Double.isNaN(rss) && Double.isNaN(weights)) {
            return new CheckResult(key, GateCheck.MEMORY, Outcome.SKIP, "peak_rss_mb and weights_mb not recorded");
        }
        List<String> over = new ArrayList<>();
        List<String> within = new ArrayList<>();
        grew("peak RSS", rss, policy.maxPeakRssGrowth(), over, within);
        grew("weights", weights, policy.maxWeightsGrowth(), over, within);
        return over.isEmpty()
                ? new CheckResult(key, GateCheck.MEMORY, Outcome.PASS, String.join("; ", within))
                : new CheckResult(key, GateCheck.MEMORY, Outcome.FAIL, String.join("; ", over));
    }

    private static void grew(String what, double ratio, double maxGrowth, List<String> over, List<String> within) {
        if (Double.isNaN(ratio)) {
            return;
        }
        String text = what + " " + times(ratio) + " the baseline";
        if (ratio > 1 + maxGrowth) {
            over.add(text + ": grew " + percent(ratio - 1) + ", more than the " + percent(maxGrowth) + " allowed");
        } else {
            within.add(text);
        }
    }

    /**
     * An OK candidate row must carry its drift evidence: empty drift columns (the oracle failed, the comparison threw)
     * and non-finite drift (NaN or infinite outputs) both FAIL whatever the budgets, naming the row's reason; a gate
     * that passes a cell nobody checked, or one whose outputs are NaN, is worse than none.
     */
    private static CheckResult drift(CellKey key, CellComparison cell, GatePolicy policy) {
        ResultRow row = cell.candidateRow().orElse(null);
        if (row == null || row.status() != CellStatus.OK) {
            return new CheckResult(key, GateCheck.DRIFT, Outcome.SKIP, "cell not OK in the candidate");
        }
        String where = cell.candidate().where();
        String reason = row.text(Column.REASON).isEmpty() ? "the row gives no reason" : row.text(Column.REASON);
        List<String> missing = DriftColumns.EVIDENCE.stream().filter(c -> row.text(c).isEmpty())
                .map(Column::csvName).toList();
        if (!missing.isEmpty()) {
            return new CheckResult(key, GateCheck.DRIFT, Outcome.FAIL, "no drift recorded for an OK cell ("
                    + String.join(", ", missing) + " empty in " + where + "): " + reason);
        }
        List<String> notFinite = new ArrayList<>();
        for (Column column : Column.values()) {
            if (DriftColumns.mayBeNaN(column) && row.decimal(column).stream().anyMatch(v -> !Double.isFinite(v))) {
                notFinite.add(column.csvName() + " " + row.text(column));
            }
        }
        if (!notFinite.isEmpty()) {
            return new CheckResult(key, GateCheck.DRIFT, Outcome.FAIL, String.join(", ", notFinite)
                    + ": the outputs are not finite, which fails whatever the budget (" + where + "): " + reason);
        }
        DriftBudget budget = policy.budget(key.dtype());
        List<String> over = new ArrayList<>();
        List<String> within = new ArrayList<>();
        bound(row, Column.REL_L2, budget.maxRelL2(), true, over, within);
        bound(row, Column.COSINE, budget.minCosine(), false, over, within);
        bound(row, Column.KL, budget.maxKl(), true, over, within);
        bound(row, Column.TOP1_AGREEMENT, budget.minTop1Agreement(), false, over, within);
        bound(row, Column.ROUTING_AGREEMENT, budget.minRoutingAgreement(), false, over, within);
        if (over.isEmpty() && within.isEmpty()) {
            return new CheckResult(key, GateCheck.DRIFT, Outcome.SKIP, "drift recorded, but the policy sets no budget "
                    + "for " + key.dtype());
        }
        String reference = row.text(Column.DRIFT_REFERENCE).isEmpty() ? "" : " vs " + row.text(Column.DRIFT_REFERENCE);
        return over.isEmpty()
                ? new CheckResult(key, GateCheck.DRIFT, Outcome.PASS, String.join(", ", within) + reference)
                : new CheckResult(key, GateCheck.DRIFT, Outcome.FAIL, String.join(", ", over) + reference
                        + " (" + key.dtype() + " budget, " + where + ")");
    }

    /**
     * A migration whose target runs part of the graph on the CPU has not moved: the candidate's share of nodes off its
     * accelerator (1 − accel_node_share, from the placement audit) must not exceed the policy's bound. CPU backends
     * record no accelerator share and are skipped.
     */
    private static CheckResult placement(CellKey key, CellComparison cell, GatePolicy policy) {
        ResultRow row = cell.candidateRow().orElse(null);
        if (row == null || row.status() != CellStatus.OK) {
            return new CheckResult(key, GateCheck.PLACEMENT, Outcome.SKIP, "cell not OK in the candidate");
        }
        OptionalDouble accelerated = row.decimal(Column.ACCEL_NODE_SHARE);
        if (accelerated.isEmpty()) {
            return new CheckResult(key, GateCheck.PLACEMENT, Outcome.SKIP, "no accelerator share recorded (a CPU"
                    + " backend, or one without a placement audit)");
        }
        if (Double.isNaN(policy.maxFallbackShare())) {
            return new CheckResult(key, GateCheck.PLACEMENT, Outcome.SKIP, "the policy switches the placement check off");
        }
        double fallback = 1 - accelerated.getAsDouble();
        String ops = row.text(Column.FALLBACK_OPS).isEmpty() ? "" : " (" + row.text(Column.FALLBACK_OPS) + ")";
        String measured = percent(fallback) + " of the graph's nodes ran on the CPU" + ops;
        return fallback > policy.maxFallbackShare() + 1e-12
                ? new CheckResult(key, GateCheck.PLACEMENT, Outcome.FAIL, measured + ", more than the "
                        + percent(policy.maxFallbackShare()) + " allowed (" + cell.candidate().where() + ")")
                : new CheckResult(key, GateCheck.PLACEMENT, Outcome.PASS, measured);
    }

    /**
     * Two runs of one backend compare versions only when the backend ran the same way in both: a night started with
     * other {@code -O} options or another thread count, or a baseline from another host or device, would let the
     * throughput, memory and drift checks credit the upgrade with what the settings or the machine did. Options named
     * {@code *_version} are the runtime's own version (DJL's {@code pytorch_version}): what an upgrade changes, not a
     * setting. {@code visible_devices} records which card a night's job was handed (Slurm sets
     * {@code CUDA_VISIBLE_DEVICES} per allocation); the device column names the card's model, which is what a change of
     * hardware would show, so only a change in how many devices were visible is named. An option only one row records (one build knows it, the other does not) is named, not
     * counted. Rows of two backends (a migration) differ in their options by nature and are not compared.
     */
    private static CheckResult settings(CellKey key, CellComparison cell, GatePolicy policy) {
        if (!bothOk(cell)) { // a row that did not run records no settings to compare
            return new CheckResult(key, GateCheck.SETTINGS, Outcome.SKIP, "cell not OK in both runs");
        }
        ResultRow baseline = cell.baselineRow().orElseThrow();
        ResultRow candidate = cell.candidateRow().orElseThrow();
        String backendA = backendId(baseline.text(Column.BACKEND));
        String backendB = backendId(candidate.text(Column.BACKEND));
        if (!backendA.equals(backendB)) {
            return new CheckResult(key, GateCheck.SETTINGS, Outcome.SKIP, "two backends (" + backendA + ", " + backendB
                    + "): their options differ by nature");
        }
        SettingsChanges changes = SettingsChanges.between(baseline, candidate,
                List.of(Column.BACKEND_OPTIONS, Column.THREADS, Column.HOST, Column.DEVICE),
                option -> !option.endsWith("_version")
                        && !(option.equals(VISIBLE_DEVICES) && sameDeviceCount(baseline, candidate)));
        String oneSided = oneSided(changes);
        if (changes.changed().isEmpty()) {
            return new CheckResult(key, GateCheck.SETTINGS, Outcome.PASS,
                    "same backend options, threads, host and device" + oneSided);
        }
        return new CheckResult(key, GateCheck.SETTINGS, outcome(policy.settingsChanged()),
                String.join(", ", changes.changed()) + " (" + cell.candidate().where() + "): the throughput, memory"
                        + " and drift verdicts include these changes, not only the versions" + oneSided);
    }

    /** Whether both rows saw as many devices: {@code 2} and {@code 5} one each, {@code 0,1} two, {@code all (…)} all. */
    private static boolean sameDeviceCount(ResultRow a, ResultRow b) {
        return deviceCount(a).equals(deviceCount(b));
    }

    private static String deviceCount(ResultRow row) {
        String devices;
        try {
            devices = OptionsCodec.decode(row.text(Column.BACKEND_OPTIONS)).getOrDefault(VISIBLE_DEVICES, "");
        } catch (IllegalArgumentException notKeyValuePairs) {
            return "";
        }
        if (devices.isEmpty() || devices.startsWith("all")) { // unrecorded, or CUDA_VISIBLE_DEVICES unset: every card
            return devices.isEmpty() ? "" : "all";
        }
        return Integer.toString(devices.split(",").length);
    }

    private static String oneSided(SettingsChanges changes) {
        StringBuilder out = new StringBuilder();
        if (!changes.onlyBefore().isEmpty()) {
            out.append("; recorded by the baseline only: ").append(OptionsCodec.encodeInOrder(changes.onlyBefore()));
        }
        if (!changes.onlyAfter().isEmpty()) {
            out.append("; recorded by the candidate only: ").append(OptionsCodec.encodeInOrder(changes.onlyAfter()));
        }
        return out.toString();
    }

    /** {@code onnxruntime-cpu} of {@code onnxruntime-cpu@1.28.0}: an upgrade A/B's two versions are one backend. */
    private static String backendId(String backend) {
        int at = backend.indexOf('@');
        return at < 0 ? backend : backend.substring(0, at);
    }

    private static void bound(ResultRow row, Column column, double limit, boolean isMax, List<String> over,
                              List<String> within) {
        OptionalDouble value = row.decimal(column);
        if (value.isEmpty() || Double.isNaN(limit)) {
            return;
        }
        double v = value.getAsDouble();
        boolean ok = isMax ? v <= limit : v >= limit; // false for NaN, which drift() has already failed anyway
        String text = column.csvName() + " " + scientific(v) + (ok ? (isMax ? " <= " : " >= ") : (isMax ? " > " : " < "))
                + scientific(limit);
        (ok ? within : over).add(text);
    }

    private static boolean bothOk(CellComparison cell) {
        return cell.baselineStatus().filter(s -> s == CellStatus.OK).isPresent()
                && cell.candidateStatus().filter(s -> s == CellStatus.OK).isPresent();
    }

    private static Outcome outcome(Rule rule) {
        return switch (rule) {
            case FAIL -> Outcome.FAIL;
            case WARN -> Outcome.WARN;
            case IGNORE -> Outcome.PASS;
        };
    }

    private static String range(RatioInterval t) {
        return fixed(t.low()) + " to " + (Double.isInfinite(t.high()) ? "unbounded" : fixed(t.high()));
    }

    private static String times(double ratio) {
        return fixed(ratio) + "x";
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    /** Six significant digits, so 0.99999 does not read as 1.00; scientific below 1e-4. */
    private static String scientific(double value) {
        if (value == 0) {
            return "0";
        }
        if (Math.abs(value) < 1e-4) {
            return String.format(Locale.ROOT, "%.3g", value);
        }
        return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
