/**
 * Installed licences (upload, renewal, removal; rules 6-8), stored as the signed file and verified again on every read, plus the in-memory catalogue the hot path asks and the expiry warnings.
 * The numbered rules are written in {@code license-impl/docs/rules.md}.
 */
package io.tally.license.licences.service;
