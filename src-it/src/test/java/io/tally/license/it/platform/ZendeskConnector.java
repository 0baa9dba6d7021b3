package io.tally.license.it.platform;

import io.tally.license.spi.Connector;
import java.util.Set;

/** A connector without CDI, found through META-INF/services. */
public class ZendeskConnector implements Connector {

    @Override
    public Set<String> systemTypes() {
        return Set.of("zendesk");
    }
}
