/**
 * The monthly transferred-records cap (rules 3, 4): per-licence meters counted in memory and exact under concurrency, added to the database by a periodic flush, the warning, the cut-off and the month's reset.
 * The numbered rules are written in {@code license-impl/docs/rules.md}.
 */
package io.tally.license.transfers;
