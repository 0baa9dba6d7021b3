/**
 * Licence points (rules 1, 2, 6, 7): the allocation rules, their enforcement in the database (locks and a unique pair key), the in-memory fast path, the interceptors behind the SPI's bindings, and the connectors found by CDI and ServiceLoader.
 * The numbered rules are written in {@code license-impl/docs/rules.md}.
 */
package io.tally.license.points;
