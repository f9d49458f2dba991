package dev.portbench.harness.env;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostStabilityTest {
    /** Student's t, 9 degrees of freedom, two-sided 99.9 %: 4.781 in every table. */
    private static final double T_9 = 4.7809;

    @Test
    void aSteadyHostHasNoSpreadAndSaysSo() {
        double[] rates = new double[10];
        Arrays.fill(rates, 1234.5);
        HostStability.Result r = HostStability.of(rates, 2, 4.0);
        assertEquals(0, r.cv(), 1e-12);
        assertEquals(0, r.halfWidthOfMean(), 1e-12);
        assertEquals(1, r.minRatio(), 1e-12);
        assertEquals(1, r.maxRatio(), 1e-12);
        assertTrue(r.verdict().startsWith("steady: forks varying as these blocks would give rows a 99.9 % half-width"
                + " of 0.0 %"), r.verdict());
        assertTrue(r.verdict().endsWith("(a floor: a backend's forks may vary more; the rows' own half-widths"
                + " decide)"), r.verdict());
    }

    @Test
    void blocksAlternatingTenPercentAboveAndBelowGiveTheirStudentTHalfWidth() {
        double[] rates = {90, 110, 90, 110, 90, 110, 90, 110, 90, 110};
        HostStability.Result r = HostStability.of(rates, 2, 4.0);
        double sd = Math.sqrt(10 * 100 / 9.0); // ten squared deviations of 10 over n - 1
        assertEquals(sd / 100, r.cv(), 1e-12);
        assertEquals(0.9, r.minRatio(), 1e-12);
        assertEquals(1.1, r.maxRatio(), 1e-12);
        assertEquals(T_9 * sd / Math.sqrt(10) / 100, r.halfWidthOfMean(), 1e-5);
        assertTrue(r.verdict().startsWith("unsteady: forks varying as these blocks would give rows a 99.9 %"
                + " half-width of 15.9 %; a 5 % gate cannot decide"), r.verdict());
        assertEquals(10, ((double[]) r.toJson().get("block_rates_per_s")).length);
        assertEquals(4.0, r.toJson().get("block_s"));
    }

    @Test
    void aMeasurementGivesTenPositiveBlocksAroundTheirMean() throws InterruptedException {
        HostStability.Result r = HostStability.measure(Duration.ofSeconds(1), 1);
        assertEquals(10, r.blockRates().length);
        assertEquals(1, r.threads());
        assertEquals(0.1, r.blockSeconds(), 1e-9);
        assertTrue(Arrays.stream(r.blockRates()).allMatch(x -> x > 0), Arrays.toString(r.blockRates()));
        assertTrue(r.minRatio() <= 1 && r.maxRatio() >= 1, r.toString());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("stability-")
                && t.isAlive() && !t.isInterrupted()), "the workers are told to stop");
    }

    @Test
    void tooShortAMeasurementIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostStability.measure(Duration.ofMillis(500), 1));
        assertTrue(e.getMessage().contains("expected at least"), e.getMessage());
    }
}
