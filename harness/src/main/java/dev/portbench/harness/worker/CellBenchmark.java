package dev.portbench.harness.worker;

import dev.portbench.backend.Backend;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.TokenInputs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One forward pass of one cell, timed by JMH in a JVM of its own. The parameters are set by
 * {@link JmhMeasurement}; opening the backend and the model happens in setup, outside the timed region.
 */
@State(Scope.Benchmark)
public class CellBenchmark {

    @Param("")
    public String scenario;

    @Param("")
    public String backend;

    /** The backend's options, {@code key=value} joined by {@code ;}. */
    @Param("")
    public String options;

    @Param("")
    public String runDir;

    private Backend openBackend;
    private Session session;
    private TokenInputs inputs;

    @Setup(Level.Trial)
    public void open() {
        CellContext cell = CellContext.resolve(scenario, backend, OptionsCodec.decode(options), Path.of(runDir));
        openBackend = cell.createBackend();
        session = openBackend.open(cell.model());
        inputs = cell.scenario().inputs();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public ForwardOutputs throughput() {
        return session.run(inputs);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ForwardOutputs latency() {
        return session.run(inputs);
    }

    @TearDown(Level.Trial)
    public void close() {
        if (session != null) {
            session.close();
        }
        if (openBackend != null) {
            openBackend.close();
        }
    }
}
