/**
 * Time Tally can trust: the latest time it has seen, kept in the database, so that a clock turned back
 * cannot bring an expired licence back to life.
 */
package io.tally.license.time;
