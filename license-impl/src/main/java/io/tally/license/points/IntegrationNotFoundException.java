package io.tally.license.points;

/** Tally has never seen an integration with this id start. */
public class IntegrationNotFoundException extends RuntimeException {

    public IntegrationNotFoundException(String integrationId) {
        super("No integration with id '" + (integrationId.length() > 128 ? integrationId.substring(0, 128) + "…" : integrationId) + "' has started.");
    }
}
