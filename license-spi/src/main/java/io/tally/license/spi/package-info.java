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
 * </ul>
 * A refused start throws {@link io.tally.license.spi.LicenceException}, whose message names the
 * system types, the instance pair, and each candidate licence with its points used/total.
 *
 * <p>Types are added with {@code @since}; nothing here is renamed or moved.
 */
package io.tally.license.spi;
