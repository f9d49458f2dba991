package dev.portbench.backend.reference;

import dev.portbench.backend.Availability;
import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;

import java.util.Map;

/** The pure-Java decoder: nothing native, so it is always available. */
abstract class ReferenceProvider implements BackendProvider {
    private final Precision precision;

    ReferenceProvider(Precision precision) {
        this.precision = precision;
    }

    @Override
    public String id() {
        return "reference-" + precision.id();
    }

    @Override
    public Map<String, String> supportedOptions() {
        return Map.of(ReferenceBackend.THREADS, "threads the large matrix products are split over, by output columns"
                + " (a count, cores, or cores-N: N fewer than the cores the JVM sees; default: cores); results are bit"
                + " for bit the same for any count");
    }

    @Override
    public void checkOptions(BackendOptions options) {
        threads(options);
    }

    private static int threads(BackendOptions options) {
        return options.threads(ReferenceBackend.THREADS);
    }

    @Override
    public Availability probe() {
        return Availability.yes();
    }

    @Override
    public Backend create(BackendOptions options) {
        return new ReferenceBackend(precision, threads(options));
    }
}
