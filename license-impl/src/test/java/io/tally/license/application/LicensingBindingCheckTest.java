package io.tally.license.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.spi.Integration;
import io.tally.license.spi.LicensedStart;
import io.tally.license.spi.LicensedStop;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LicensingBindingCheckTest {

    static class Platform {
        @LicensedStart
        public void start(String tenant, Integration integration) {
        }

        @LicensedStop
        public void disable(String integrationId) {
        }
    }

    @LicensedStart
    static class GuardedEverywhere {
    }

    @Test
    void aBoundMethodWithAnIntegrationParameterIsFine() throws Exception {
        assertEquals(Optional.empty(), LicensingBindingCheck.problem(Platform.class.getMethod("start", String.class, Integration.class)));
    }

    @Test
    void aBoundMethodWithoutAnIntegrationParameterIsNamedAsADeploymentError() throws Exception {
        String problem = LicensingBindingCheck.problem(Platform.class.getMethod("disable", String.class)).orElseThrow();
        assertTrue(problem.contains(Platform.class.getName() + ".disable") && problem.contains(Integration.class.getName()), problem);
    }

    @Test
    void aBindingOnAClassIsADeploymentError() {
        assertTrue(LicensingBindingCheck.classProblem(GuardedEverywhere.class).orElseThrow().contains("methods only"));
        assertEquals(Optional.empty(), LicensingBindingCheck.classProblem(Platform.class));
    }
}
