/**
 * Logins from configuration (no built-in password; a generated administrator password on first start) as a Jakarta Security identity store, and the roles.
 */
package io.tally.license.security;
