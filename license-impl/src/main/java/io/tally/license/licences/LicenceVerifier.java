package io.tally.license.licences;

import java.nio.charset.StandardCharsets;

/**
 * Checks a licence file offline: format, then the signing key, then the signature. Whether the
 * licence fits this host and this moment is the caller's question.
 */
public final class LicenceVerifier {

    private final TrustedKeys keys;

    public LicenceVerifier(TrustedKeys keys) {
        this.keys = keys;
    }

    public VerifiedLicence verify(byte[] file) {
        LicenceFormat.SignedLicence signed = LicenceFormat.read(file);
        Licence licence = signed.licence();
        TrustedKey key = keys.find(licence.keyId()).orElseThrow(() -> new LicenceRefusedException(Refusal.UNKNOWN_KEY,
                "The licence is signed with key '" + licence.keyId() + "', which this Tally does not trust."));
        if (!key.verifies(signed.signedBytes(), signed.signature())) {
            throw new LicenceRefusedException(Refusal.BAD_SIGNATURE,
                    "The signature of licence '" + licence.id() + "' does not match its contents for key '" + key.keyId() + "'.");
        }
        return new VerifiedLicence(licence, new String(file, StandardCharsets.UTF_8), key);
    }
}
