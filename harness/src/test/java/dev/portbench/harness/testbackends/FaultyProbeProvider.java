package dev.portbench.harness.testbackends;

import dev.portbench.backend.Availability;
import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Backends whose probe crashes or hangs, the way a broken GPU driver or NPU runtime does, once a test arms them by
 * creating {@link #armed(String)}; unarmed they are {@code reference-fp32} under another name, so that listing every
 * backend stays quick. The probe runs in a JVM of its own, which is why arming is a file.
 */
public abstract class FaultyProbeProvider extends AlwaysAvailableProvider {

    /** The file whose existence makes backend {@code id}'s probe misbehave. */
    public static Path armed(String id) {
        return Path.of(System.getProperty("java.io.tmpdir"), "portbench-" + id + ".armed");
    }

    @Override
    public String description() {
        return "test backend whose probe misbehaves once armed";
    }

    abstract Availability misbehave();

    @Override
    public Availability probe() {
        return Files.exists(armed(id())) ? misbehave() : Availability.yes();
    }

    @Override
    public Backend create(BackendOptions options) {
        return Backends.find(FlakyBackendProvider.DELEGATE).orElseThrow()
                .create(BackendOptions.none(FlakyBackendProvider.DELEGATE));
    }

    /** A probe that takes the JVM down like a driver's abort. */
    public static final class Crashing extends FaultyProbeProvider {
        @Override
        public String id() {
            return "test-probe-crash";
        }

        @Override
        Availability misbehave() {
            System.out.println("test-probe-crash: simulating a driver abort in the probe");
            Runtime.getRuntime().halt(134);
            throw new AssertionError("unreachable");
        }
    }

    /** A probe that never returns, like a driver stuck initialising. */
    public static final class Hanging extends FaultyProbeProvider {
        @Override
        public String id() {
            return "test-probe-hang";
        }

        @Override
        Availability misbehave() {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Availability.no("interrupted");
        }
    }
}
