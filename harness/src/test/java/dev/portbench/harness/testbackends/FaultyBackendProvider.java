package dev.portbench.harness.testbackends;

import dev.portbench.backend.Availability;
import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.Session;
import dev.portbench.backend.DecodeStep;
import dev.portbench.backend.KvCache;
import dev.portbench.scenarios.TokenInputs;

import java.util.Map;

/**
 * Backends that misbehave on purpose, to prove one bad cell never takes the suite down. They exist only on the
 * harness's test class path (registered in src/test/resources/META-INF/services).
 */
public abstract class FaultyBackendProvider extends AlwaysAvailableProvider {

    @Override
    public String description() {
        return "test backend that misbehaves on purpose";
    }

    /** What a forward pass does instead of computing. */
    abstract ForwardOutputs misbehave();

    @Override
    public Backend create(BackendOptions options) {
        return new Backend() {
            @Override
            public String runtimeVersion() {
                return "test 0";
            }

            @Override
            public String device() {
                return "none";
            }

            @Override
            public int threads() {
                return 1;
            }

            @Override
            public Map<String, String> appliedOptions() {
                return Map.of();
            }

            @Override
            public Session open(ModelArtifact model) {
                return new Session() {
                    @Override
                    public ForwardOutputs run(TokenInputs inputs) {
                        return misbehave();
                    }

                    @Override
                    public DecodeStep step(TokenInputs tokens, KvCache past) {
                        return new DecodeStep(misbehave(), null);
                    }

                    @Override
                    public long weightBytes() {
                        return 0;
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }

    /** Dies the way a native abort does: the JVM ends at once with exit code 134 (SIGABRT). */
    public static final class Crashing extends FaultyBackendProvider {
        @Override
        public String id() {
            return "test-crash";
        }

        @Override
        ForwardOutputs misbehave() {
            System.out.println("test-crash: simulating a native abort");
            Runtime.getRuntime().halt(134);
            throw new AssertionError("unreachable");
        }
    }

    /** Never returns, like a driver stuck in a kernel. */
    public static final class Hanging extends FaultyBackendProvider {
        @Override
        public String id() {
            return "test-hang";
        }

        @Override
        ForwardOutputs misbehave() {
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // ignore interrupts too: only a kill ends this
                }
            }
        }
    }

    /** Throws from inside the forward pass, as a runtime error would. */
    public static final class Throwing extends FaultyBackendProvider {
        @Override
        public String id() {
            return "test-throw";
        }

        @Override
        ForwardOutputs misbehave() {
            throw new IllegalStateException("kernel not found for op Foo(17)");
        }
    }

    /** Not available on this machine, with a reason. */
    public static final class Unavailable extends FaultyBackendProvider {
        @Override
        public String id() {
            return "test-unavailable";
        }

        @Override
        public Availability probe() {
            return Availability.no("no test device on this machine (driver not loaded)");
        }

        @Override
        ForwardOutputs misbehave() {
            throw new AssertionError("an unavailable backend must never run");
        }
    }
}
