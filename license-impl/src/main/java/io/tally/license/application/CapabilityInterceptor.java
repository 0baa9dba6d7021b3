package io.tally.license.application;

import io.tally.license.spi.LicenceException;
import io.tally.license.spi.RefusalCode;
import io.tally.license.spi.RequiresCapability;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Runs a method guarded by {@link RequiresCapability} only while a valid licence grants the capability. */
@RequiresCapability("")
@Interceptor
@Priority(Interceptor.Priority.APPLICATION + 5)
public class CapabilityInterceptor {

    @Inject
    IntegrationLicensing licensing;

    @AroundInvoke
    Object guard(InvocationContext invocation) throws Exception {
        RequiresCapability required = invocation.getMethod().getAnnotation(RequiresCapability.class);
        if (required == null) {
            required = invocation.getMethod().getDeclaringClass().getAnnotation(RequiresCapability.class);
        }
        if (required == null) {
            required = invocation.getTarget().getClass().getAnnotation(RequiresCapability.class);
        }
        if (required != null && !licensing.hasCapability(required.value())) {
            throw new LicenceException(RefusalCode.CAPABILITY_MISSING, invocation.getMethod().getDeclaringClass().getSimpleName() + "."
                    + invocation.getMethod().getName() + " needs the capability '" + required.value()
                    + "', which no valid licence grants; licences valid now grant " + licensing.capabilities() + ".");
        }
        return invocation.proceed();
    }
}
