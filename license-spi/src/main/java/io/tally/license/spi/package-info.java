/**
 * Tally's licence SPI, version 1: everything a connector and an integration platform need.
 *
 * <h2>Connector developers</h2>
 * Implement {@link io.tally.license.spi.Connector}: the system types the connector connects, and a
 * stable key for each system instance. Make it a CDI bean, or list it in
 * {@code META-INF/services/io.tally.license.spi.Connector} for code without CDI. Nothing else is needed.
 *
 * <h2>The platform</h2>
 * <ul>
 *   <li>Put {@link io.tally.license.spi.LicensedStart} on the method that starts an integration and
 *       {@link io.tally.license.spi.LicensedStop} on the one that disables it; one of their parameters
 *       implements {@link io.tally.license.spi.Integration}. Or call {@link io.tally.license.spi.Licensing}.</li>
 *   <li>Report every successfully transferred record of an integration's main entity with
 *       {@link io.tally.license.spi.Licensing#transferred}: never child records (comments, attachments),
 *       never failed or ignored records.</li>
 *   <li>Implement {@link io.tally.license.spi.IntegrationSwitch} so Tally can disable integrations
 *       (licence removed, renewed with fewer points, expired, transfer cap exceeded).</li>
 *   <li>Observe {@link io.tally.license.spi.LicensingEvent}s to follow what Tally decided.</li>
 *   <li>Guard a feature that a licence must grant with {@link io.tally.license.spi.RequiresCapability}
 *       ({@code @RequiresCapability("sso")} on the method), or ask
 *       {@link io.tally.license.spi.Licensing#hasCapability}: the capabilities of the licences valid now.</li>
 * </ul>
 * A refused start throws {@link io.tally.license.spi.LicenceException} (an EJB application
 * exception, so an EJB start method passes it on unwrapped); its {@link io.tally.license.spi.RefusalCode}
 * says why, and its message names the system types, the instance pair, and each candidate licence
 * with its points used/total.
 *
 * <h2>Traps</h2>
 * <ul>
 *   <li>The bindings go on methods, never on a class; a bound method needs a parameter that
 *       implements {@link io.tally.license.spi.Integration}, or the deployment fails and says which method.</li>
 *   <li>Interceptors run only on calls through the bean's proxy: a bean calling its own bound method
 *       ({@code this.start(integration)}) bypasses Tally. Call it from another bean, or call
 *       {@link io.tally.license.spi.Licensing} directly.</li>
 *   <li>{@link io.tally.license.spi.IntegrationSwitch#disable} runs on a thread of Tally's, never on the
 *       thread that reported the record that passed the cap; it may wait for the platform's own threads.</li>
 * </ul>
 *
 * <p>Types are added with {@code @since}; nothing here is renamed or moved.
 */
package io.tally.license.spi;
