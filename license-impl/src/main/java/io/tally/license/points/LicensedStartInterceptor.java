package io.tally.license.points;

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
    PointService points;

    @Inject
    Connectors connectors;

    @AroundInvoke
    Object start(InvocationContext invocation) throws Exception {
        var integration = IntegrationArgument.of(invocation);
        connectors.requireDeclared(integration.systemA(), integration.systemB());
        Grant grant = points.start(integration.integrationId(), Pair.of(integration.systemA(), integration.systemB()));
        try {
            return invocation.proceed();
        } catch (Exception | Error e) {
            points.undo(grant);
            throw e;
        }
    }
}
