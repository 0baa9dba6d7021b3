package io.tally.license.application;

import io.tally.license.points.IntegrationNotFoundException;
import io.tally.license.spi.LicensedStop;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Records the integration as disabled once the platform's disable method has returned. */
@LicensedStop
@Interceptor
@Priority(Interceptor.Priority.APPLICATION + 10)
public class LicensedStopInterceptor {

    @Inject
    IntegrationLicensing licensing;

    @AroundInvoke
    Object stop(InvocationContext invocation) throws Exception {
        var integration = IntegrationArgument.of(invocation);
        Object result = invocation.proceed();
        try {
            licensing.stop(integration.integrationId());
        } catch (IntegrationNotFoundException neverStarted) {
            // disabling an integration Tally never enabled leaves nothing to release
        }
        return result;
    }
}
