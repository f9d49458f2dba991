package dev.portbench.results;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which columns hold a cell's drift evidence, and how a non-finite drift is written.
 *
 * <p>Every other DECIMAL column writes NaN as an empty cell ("not measured"). A drift metric is different: NaN there
 * is a measurement (the outputs were not finite), and writing it as an empty cell made a NaN-producing backend look
 * like a cell without evidence, which the gate skipped. So the drift metrics write it as the literal {@value #NAN},
 * and the reader reads it back as NaN.
 */
public final class DriftColumns {

    /** How a non-finite drift metric is written in results.csv. */
    public static final String NAN = "NaN";

    /** The drift metrics every OK row must carry (routing is for MoE models only, tokens_to_divergence for decode). */
    public static final List<Column> EVIDENCE = List.of(Column.MAX_ABS_ERR, Column.REL_L2, Column.COSINE, Column.KL,
            Column.TOP1_AGREEMENT);

    private static final Set<Column> MAY_BE_NAN = EnumSet.of(Column.MAX_ABS_ERR, Column.REL_L2, Column.COSINE,
            Column.KL, Column.TOP1_AGREEMENT, Column.ROUTING_AGREEMENT);

    private DriftColumns() {
    }

    /** Whether {@code row} is OK but lacks some of its drift evidence: a row nobody checked numerically. */
    public static boolean okWithoutDrift(ResultRow row) {
        return row.status() == CellStatus.OK && EVIDENCE.stream().anyMatch(c -> row.text(c).isEmpty());
    }

    /** Whether {@code column} is a DECIMAL drift metric, the only kind of column that may hold {@value #NAN}. */
    public static boolean mayBeNaN(Column column) {
        return MAY_BE_NAN.contains(column);
    }

    /** The names of the drift metrics, for messages. */
    static String names() {
        return MAY_BE_NAN.stream().map(Column::csvName).toList().toString();
    }
}
