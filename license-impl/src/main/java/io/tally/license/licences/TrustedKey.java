package io.tally.license.licences;

import java.util.Base64;

/**
 * A vendor public key that may sign licences.
 *
 * @param origin where the trust comes from: {@code built-in}, or {@code configured} for keys
 *               added by configuration (development, tests)
 */
public record TrustedKey(String keyId, byte[] publicKey, String origin) {

    public static final String BUILT_IN = "built-in";
    public static final String CONFIGURED = "configured";

    public TrustedKey {
        if (publicKey == null || publicKey.length != Ed25519.KEY_BYTES) {
            throw new IllegalArgumentException("the public key of '" + keyId + "' must be " + Ed25519.KEY_BYTES + " bytes");
        }
        publicKey = publicKey.clone();
    }

    public static TrustedKey parse(String keyId, String base64, String origin) {
        try {
            return new TrustedKey(keyId, Base64.getDecoder().decode(base64.strip()), origin);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the public key of '" + keyId + "' is not the base64 of 32 bytes", e);
        }
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    boolean verifies(byte[] message, byte[] signature) {
        return Ed25519.verify(publicKey, message, signature);
    }
}
