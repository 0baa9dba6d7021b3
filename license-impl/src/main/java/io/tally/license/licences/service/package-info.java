/**
 * Installed licences (upload, renewal, removal; rules 6-8), stored as the signed file and verified again on every read, plus the in-memory catalogue the hot path asks and the expiry warnings.
 */
package io.tally.license.licences.service;
