package dev.portbench.results;

import java.util.ArrayList;
import java.util.List;

/**
 * What a row says against trusting its interval: a busy host ({@code host_busy}), iterations that still trended
 * ({@code steady}), fork means that followed the order the forks ran in (the note that begins with
 * {@link #HOST_DRIFTED} in {@code reason}, written where the fork means' lag-1 autocorrelation was significant). The
 * gate decides on the intervals as recorded, and names these beside its verdict.
 */
public final class MeasurementCaveats {
    /** How the harness's note on fork means that followed their order begins in a row's {@code reason}. */
    public static final String HOST_DRIFTED = "the host's speed drifted over the run";

    private MeasurementCaveats() {
    }

    /** The row's caveats, each a predicate of "the row", in words; empty where it has none. */
    public static List<String> of(ResultRow row) {
        List<String> out = new ArrayList<>();
        if ("true".equals(row.text(Column.HOST_BUSY))) {
            out.add("was measured on a busy host (host_busy true)");
        }
        if ("false".equals(row.text(Column.STEADY))) {
            out.add("had measured iterations that still trended (steady false)");
        }
        if (row.text(Column.REASON) != null && row.text(Column.REASON).contains(HOST_DRIFTED)) {
            out.add("had fork means that followed the order its forks ran in: its interval is likely too narrow");
        }
        return out;
    }
}
