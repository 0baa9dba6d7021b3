package io.tally.license.application;

import io.tally.license.spi.Integration;
import io.tally.license.spi.LicensedStart;
import io.tally.license.spi.LicensedStop;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.interceptor.Interceptor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Fails the deployment when a method carries {@link LicensedStart} or {@link LicensedStop} but has no
 * parameter implementing {@link Integration}, or a class carries one (every method of it would be
 * guarded): found at deployment, not at the first call in production.
 */
public class LicensingBindingCheck implements Extension {

    private final List<String> problems = new ArrayList<>();

    <T> void inspect(@Observes @WithAnnotations({LicensedStart.class, LicensedStop.class}) ProcessAnnotatedType<T> type) {
        Class<T> bean = type.getAnnotatedType().getJavaClass();
        if (!bean.isAnnotationPresent(Interceptor.class)) {
            classProblem(bean).ifPresent(problems::add);
        }
        for (AnnotatedMethod<? super T> method : type.getAnnotatedType().getMethods()) {
            if (method.isAnnotationPresent(LicensedStart.class) || method.isAnnotationPresent(LicensedStop.class)) {
                problem(method.getJavaMember()).ifPresent(problems::add);
            }
        }
    }

    void report(@Observes AfterBeanDiscovery discovery) {
        problems.forEach(problem -> discovery.addDefinitionError(new DefinitionException(problem)));
    }

    /** A binding on a class would guard every method of it, most of which have no integration: methods only. */
    static Optional<String> classProblem(Class<?> bean) {
        boolean bound = bean.isAnnotationPresent(LicensedStart.class) || bean.isAnnotationPresent(LicensedStop.class);
        return bound ? Optional.of(bean.getName() + " carries a Tally licensing annotation on the class; put it on the start and "
                + "disable methods only") : Optional.empty();
    }

    /** What is wrong with a bound method, if anything. */
    static Optional<String> problem(Method method) {
        boolean hasIntegration = Arrays.stream(method.getParameterTypes()).anyMatch(Integration.class::isAssignableFrom);
        return hasIntegration ? Optional.empty() : Optional.of(method.getDeclaringClass().getName() + "." + method.getName()
                + " carries a Tally licensing annotation but none of its parameters implements " + Integration.class.getName());
    }
}
