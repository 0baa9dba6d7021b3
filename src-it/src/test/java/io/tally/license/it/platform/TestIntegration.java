package io.tally.license.it.platform;

import io.tally.license.spi.Integration;
import io.tally.license.spi.SystemInstance;

/** The test platform's integration: an id and its two instances. */
public record TestIntegration(String integrationId, SystemInstance systemA, SystemInstance systemB) implements Integration {
}
