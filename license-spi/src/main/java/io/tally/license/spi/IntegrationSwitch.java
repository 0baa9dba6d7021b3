package io.tally.license.spi;

/**
 * Implemented by the platform (as a CDI bean) so that Tally can disable integrations itself. Tally
 * calls it after its own records are committed, once per integration; the platform then stops the
 * integration's work. It must not call back into {@link Licensing#stop}: the integration is already
 * disabled in Tally.
 */
public interface IntegrationSwitch {

    void disable(String integrationId, DisableReason reason, String detail);
}
