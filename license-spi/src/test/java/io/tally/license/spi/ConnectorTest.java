package io.tally.license.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectorTest {

    final Connector cut = () -> Set.of("jira");

    @Test
    void anInstanceIsNamedByItsLocationWithoutSpacesTrailingSlashesOrCase() {
        assertEquals(new SystemInstance("jira", "https://jira-2.acme.example"), cut.instance("jira", "  HTTPS://Jira-2.ACME.example// "));
    }

    @Test
    void theSameInstallationGetsTheSameKeyHoweverItIsWritten() {
        assertEquals(cut.instance("jira", "https://jira.acme.example/"), cut.instance("jira", "https://JIRA.acme.example"));
    }

    @Test
    void aTypeOfAnotherConnectorIsNotMine() {
        assertNull(cut.instance("servicenow", "https://sn.acme.example"));
    }
}
