package io.tally.license.it.platform;

import io.tally.license.spi.Connector;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** A connector found by CDI. */
@ApplicationScoped
public class JiraConnector implements Connector {

    @Override
    public Set<String> systemTypes() {
        return Set.of("jira");
    }
}
