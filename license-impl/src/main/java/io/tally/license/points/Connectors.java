package io.tally.license.points;

import io.tally.license.spi.Connector;
import io.tally.license.spi.LicenceException;
import io.tally.license.spi.RefusalCode;
import io.tally.license.spi.SystemInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * The connectors deployed with the platform, found as CDI beans and through {@link ServiceLoader}.
 * In-process starts of a system type no connector declares are refused: a misspelt type would
 * otherwise read as a missing licence.
 */
@ApplicationScoped
public class Connectors {

    private static final Logger LOG = Logger.getLogger(Connectors.class.getName());

    @Inject
    Instance<Connector> beans;

    volatile Set<String> declared; // found once, on first use

    public Set<String> systemTypes() {
        Set<String> types = declared;
        if (types == null) {
            types = new TreeSet<>();
            for (Connector connector : beans) {
                types.addAll(connector.systemTypes());
            }
            for (Connector connector : ServiceLoader.load(Connector.class, Thread.currentThread().getContextClassLoader())) {
                types.addAll(connector.systemTypes());
            }
            declared = Set.copyOf(types);
            LOG.info("Connectors declare the system types " + types);
        }
        return declared;
    }

    public void requireDeclared(SystemInstance... instances) {
        Set<String> types = systemTypes();
        for (SystemInstance instance : instances) {
            if (!types.contains(instance.type())) {
                throw new LicenceException(RefusalCode.UNKNOWN_SYSTEM_TYPE, "No deployed connector declares the system type '"
                        + instance.type() + "' of " + instance + "; declared: " + types + ".");
            }
        }
    }
}
