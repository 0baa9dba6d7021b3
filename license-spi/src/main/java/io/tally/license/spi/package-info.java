/**
 * Tally's licence SPI, version 1.
 */
package io.tally.license.spi;
