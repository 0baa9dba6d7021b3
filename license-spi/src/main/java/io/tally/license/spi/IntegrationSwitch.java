package io.tally.license.spi;

/**
 * Implemented by the platform (as a CDI bean) so that Tally can disable integrations itself. Tally
 * calls it after its own records are committed, once per integration; the platform then stops the
 * integration's work. With several nodes, it is called on the node that disabled the integration and
 * on every other node that knew it enabled (where it was started or reported), once each, when that
 * node learns of it: a platform ignores integrations it does not run there. It must not call back into {@link Licensing#stop}: the integration is already
 * disabled in Tally.
 */
public interface IntegrationSwitch {

    void disable(String integrationId, DisableReason reason, String detail);
}
