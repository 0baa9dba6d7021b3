package io.tally.license.host;

import io.tally.license.licences.Ed25519;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The installation's own Ed25519 key pair: it signs the monthly usage statements, so that a vendor
 * can trust the numbers a customer reports. It is the only signing key in the WAR, and no licence
 * can be signed with it: Tally trusts licence keys from its built-in list and its configuration only.
 * Kept as raw 32-byte keys; the JDK's provider signs with them.
 */
final class InstallationKey {

    /** What comes before the 32 raw bytes in a PKCS #8 Ed25519 private key (RFC 8410). */
    private static final byte[] PRIVATE_PREFIX = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};

    private final byte[] privateKey;
    private final byte[] publicKey;

    private InstallationKey(byte[] privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    static InstallationKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] encoded = pair.getPrivate().getEncoded();
            if (encoded.length != PRIVATE_PREFIX.length + Ed25519.KEY_BYTES || !Arrays.equals(PRIVATE_PREFIX, Arrays.copyOf(encoded, PRIVATE_PREFIX.length))) {
                throw new IllegalStateException("an unexpected Ed25519 private key encoding");
            }
            return new InstallationKey(Arrays.copyOfRange(encoded, PRIVATE_PREFIX.length, encoded.length),
                    Ed25519.rawPublicKey(pair.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /** The stored key, to sign with; its public half is stored beside it. */
    static InstallationKey of(String privateKeyBase64) {
        byte[] key = Base64.getDecoder().decode(privateKeyBase64);
        if (key.length != Ed25519.KEY_BYTES) {
            throw new IllegalStateException("the stored installation key is not a raw Ed25519 key");
        }
        return new InstallationKey(key, null);
    }

    String privateKeyBase64() {
        return Base64.getEncoder().encodeToString(privateKey);
    }

    String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey);
    }

    byte[] sign(byte[] message) {
        try {
            byte[] pkcs8 = Arrays.copyOf(PRIVATE_PREFIX, PRIVATE_PREFIX.length + privateKey.length);
            System.arraycopy(privateKey, 0, pkcs8, PRIVATE_PREFIX.length, privateKey.length);
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign with the installation key", e);
        }
    }
}
