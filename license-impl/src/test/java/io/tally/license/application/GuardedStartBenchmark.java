package io.tally.license.application;

import io.tally.license.spi.Integration;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rule 1's hot path: the platform starts an integration that is already enabled on a pair holding a
 * point. {@code guarded} runs Tally's real {@link LicensedStartInterceptor} around the platform's start
 * method (with an invocation context per call, as a container makes one); {@code unguarded} calls the
 * same method directly. The container's own interception dispatch is not part of either.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GuardedStartBenchmark {

    /** The platform's start method: some work that cannot be optimised away. */
    public static final class Platform {
        long started;

        public long start(Integration integration) {
            return started += integration.integrationId().length();
        }
    }

    Platform platform;
    Method startMethod;
    Integration integration;
    LicensedStartInterceptor interceptor;

    @Setup
    public void setUp() throws Exception {
        BenchFixture fixture = new BenchFixture(null);
        integration = fixture.integration;
        interceptor = new LicensedStartInterceptor();
        interceptor.licensing = fixture.licensing;
        platform = new Platform();
        startMethod = Platform.class.getMethod("start", Integration.class);
    }

    @Benchmark
    public long unguarded() {
        return platform.start(integration);
    }

    @Benchmark
    public Object guarded() throws Exception {
        return interceptor.start(new Invocation(platform, startMethod, integration));
    }

    /** The smallest honest invocation context: the call it wraps really happens in proceed(). */
    static final class Invocation implements InvocationContext {
        private final Platform target;
        private final Method method;
        private final Object[] parameters;

        Invocation(Platform target, Method method, Integration integration) {
            this.target = target;
            this.method = method;
            this.parameters = new Object[] {integration};
        }

        @Override public Object getTarget() { return target; }
        @Override public Object getTimer() { return null; }
        @Override public Method getMethod() { return method; }
        @Override public Constructor<?> getConstructor() { return null; }
        @Override public Object[] getParameters() { return parameters; }
        @Override public void setParameters(Object[] params) { throw new UnsupportedOperationException(); }
        @Override public Map<String, Object> getContextData() { return Map.of(); }
        @Override public Object proceed() { return target.start((Integration) parameters[0]); }
    }
}
