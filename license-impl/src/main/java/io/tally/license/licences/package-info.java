/**
 * The licence itself: the signed file format (version 1), Ed25519 verification, trusted keys. Plain Java, shared with the issuing tool; no container needed.
 */
package io.tally.license.licences;
