package io.tally.license.licences.service;

/** Fired inside the transaction that installed, replaced or removed a licence; observed after it commits. */
public record LicencesChanged(String licenceId) {
}
