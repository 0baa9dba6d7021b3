package io.tally.license.licences;

/** A licence whose file parsed and whose signature a trusted key verified; {@code file} is the text as uploaded. */
public record VerifiedLicence(Licence licence, String file, TrustedKey key) {
}
