package io.tally.license.application;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rule 3's hot path on one thread: {@code Licensing.transferred(integrationId, 1)} through Tally's real
 * {@link IntegrationLicensing} and licence meter while the cap is far, beside a bare {@link LongAdder#add};
 * and the same on a node of several, counting inside a leased block of the cap's allowance (the meter's read lock).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TransferReportBenchmark {

    BenchFixture fixture;
    IntegrationLicensing licensing;
    IntegrationLicensing leasing;
    String integrationId;
    LongAdder adder;

    @Setup(Level.Iteration)
    public void setUp() {
        // a cap no iteration can reach: the meter stays on its fast path
        fixture = new BenchFixture(Long.MAX_VALUE / 2);
        licensing = fixture.licensing;
        leasing = new BenchFixture(Long.MAX_VALUE / 4, true).licensing;
        integrationId = fixture.integration.integrationId();
        adder = new LongAdder();
    }

    @Benchmark
    public void tallyTransferred() {
        licensing.transferred(integrationId, 1);
    }

    @Benchmark
    public void tallyTransferredInALeasedBlock() {
        leasing.transferred(integrationId, 1);
    }

    @Benchmark
    public void longAdderAdd() {
        adder.add(1);
    }
}
