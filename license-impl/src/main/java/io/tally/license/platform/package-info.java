/**
 * What the container runs for Tally: the startup sequence (migrations, logins, caches, the flush tick), the database and its readiness check, the clock.
 */
package io.tally.license.platform;
