package io.tally.license.application;

import io.tally.license.points.Grant;
import io.tally.license.spi.LicensedStart;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Takes the point before the platform's start method runs, and gives it back if the method throws. */
@LicensedStart
@Interceptor
@Priority(Interceptor.Priority.APPLICATION + 10)
public class LicensedStartInterceptor {

    @Inject
    IntegrationLicensing licensing;

    @AroundInvoke
    Object start(InvocationContext invocation) throws Exception {
        Grant grant = licensing.startInProcess(IntegrationArgument.of(invocation));
        try {
            return invocation.proceed();
        } catch (Exception | Error e) {
            licensing.undo(grant);
            throw e;
        }
    }
}
