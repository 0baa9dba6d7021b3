package io.tally.license.spi;

import java.util.Locale;
import java.util.Set;

/**
 * What a connector tells Tally: which system types it connects, and how it names their instances.
 * Discovered as CDI beans and through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.tally.license.spi.Connector}).
 */
public interface Connector {

    /** The lower-case system types this connector connects, such as {@code servicenow}. */
    Set<String> systemTypes();

    /**
     * The instance of {@code type} found at {@code location}, with a key that stays the same for the
     * same installation. By default: the location without surrounding spaces or trailing slashes, lower-cased.
     * Override when an instance has a better identity (a tenant id, say).
     *
     * @return the instance, or {@code null} when {@code type} is not one of this connector's
     */
    default SystemInstance instance(String type, String location) {
        if (!systemTypes().contains(type)) {
            return null;
        }
        String key = location.strip().toLowerCase(Locale.ROOT);
        while (key.endsWith("/")) {
            key = key.substring(0, key.length() - 1);
        }
        return new SystemInstance(type, key);
    }
}
