package dev.portbench.harness.testbackends;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;
import dev.portbench.backend.DecodeStep;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.KvCache;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.Session;
import dev.portbench.harness.run.SuiteRunner;
import dev.portbench.scenarios.TokenInputs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code test-paced}: reference-fp32's outputs at a pace a test sets per round, so a test knows what each fork of a cell
 * measures. Option {@code pace_ms} lists the milliseconds one forward pass takes in round 1, 2, … (the last repeats).
 * A pass computes its outputs once per input and then only sleeps, so a fork's mean is the pace and not the JIT's
 * progress. The round is read from the cell's folder (the rounds saved there so far, plus one), which every cell JVM
 * and JMH fork is told of. Prefill only.
 */
public final class PacedBackendProvider extends AlwaysAvailableProvider {
    static final String DELEGATE = "reference-fp32";

    @Override
    public String id() {
        return "test-paced";
    }

    @Override
    public String description() {
        return "test backend: " + DELEGATE + "'s outputs, each forward pass taking the milliseconds pace_ms sets for"
                + " the round";
    }

    @Override
    public Map<String, String> supportedOptions() {
        return Map.of("pace_ms", "milliseconds per forward pass in round 1, 2, ..., comma-separated");
    }

    @Override
    public Backend create(BackendOptions options) {
        long[] paces = Arrays.stream(options.text("pace_ms", "1").split(",")).mapToLong(Long::parseLong).toArray();
        long pace = paces[Math.min(paces.length, round()) - 1];
        Backend wrapped = Backends.find(DELEGATE).orElseThrow().create(BackendOptions.none(DELEGATE));
        return new WrappingBackend(wrapped) {
            @Override
            public Map<String, String> appliedOptions() {
                return Map.of("pace_ms", Long.toString(pace));
            }

            @Override
            public Session open(ModelArtifact model) {
                return new PacedSession(wrapped.open(model), pace);
            }
        };
    }

    /** This JVM's round of its cell: one more than the rounds its cell's folder holds. */
    private static int round() {
        Path cellDir = Path.of(System.getProperty(SuiteRunner.CELL_DIR_PROPERTY, "."));
        try (Stream<Path> files = Files.list(cellDir)) {
            return 1 + (int) files.filter(f -> f.getFileName().toString().matches("round-\\d+\\.json")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class PacedSession extends WrappingSession {
        private final long paceMs;
        private TokenInputs computedFor;
        private ForwardOutputs outputs;

        PacedSession(Session wrapped, long paceMs) {
            super(wrapped);
            this.paceMs = paceMs;
        }

        @Override
        public ForwardOutputs run(TokenInputs inputs) {
            if (inputs != computedFor) {
                outputs = wrapped.run(inputs);
                computedFor = inputs;
            }
            try {
                Thread.sleep(paceMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return outputs;
        }

        @Override
        public DecodeStep step(TokenInputs tokens, KvCache past) {
            throw new UnsupportedOperationException("test-paced runs prefill only");
        }
    }
}
