package io.tally.license.tool;


import io.tally.license.licences.Licence;
import io.tally.license.licences.LicenceFormat;

/** Signs licences with a vendor's private key: the heart of the issuing tool, and what tests use. */
public final class LicenceIssuer {

    private final KeyFile key;

    public LicenceIssuer(KeyFile key) {
        if (!key.isPrivate()) {
            throw new IllegalArgumentException("issuing needs the private key file, not the public one");
        }
        this.key = key;
    }

    public String keyId() {
        return key.keyId();
    }

    /** The licence file for these attributes; the licence's key id must be this issuer's. */
    public String issue(Licence licence) {
        if (!licence.keyId().equals(key.keyId())) {
            throw new IllegalArgumentException("the licence names key '" + licence.keyId() + "' but is signed with '" + key.keyId() + "'");
        }
        return LicenceFormat.write(licence, Signing.sign(key.key(), LicenceFormat.signedBytes(licence)));
    }
}
