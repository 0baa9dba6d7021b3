package io.tally.license.application;

import io.tally.license.spi.Integration;
import jakarta.interceptor.InvocationContext;

/** Finds the {@link Integration} among the intercepted method's arguments. */
final class IntegrationArgument {

    private IntegrationArgument() {
    }

    static Integration of(InvocationContext invocation) {
        for (Object argument : invocation.getParameters()) {
            if (argument instanceof Integration integration) {
                return integration;
            }
        }
        throw new IllegalStateException(invocation.getMethod() + " carries a Tally licensing annotation but no parameter implements "
                + Integration.class.getName());
    }
}
