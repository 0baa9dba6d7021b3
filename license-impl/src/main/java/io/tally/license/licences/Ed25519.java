package io.tally.license.licences;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 on raw 32-byte keys, through the JDK's own provider (no library in the WAR to load and scan at
 * boot). The encodings only wrap the raw bytes: a fixed prefix names the algorithm (RFC 8410).
 * Signing a licence is the vendor's and lives in the issuing tool only; the installation's own key
 * signs its usage statements ({@code host.InstallationKey}).
 */
public final class Ed25519 {

    public static final int KEY_BYTES = 32;

    private static final byte[] PUBLIC_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Ed25519() {
    }

    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey(publicKey));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (java.security.SignatureException | java.security.InvalidKeyException notValid) {
            return false; // a malformed signature or key verifies nothing
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /** The raw 32-byte public key inside a JDK Ed25519 public key's X.509 encoding. */
    public static byte[] rawPublicKey(byte[] x509) {
        if (x509.length != PUBLIC_PREFIX.length + KEY_BYTES || !Arrays.equals(PUBLIC_PREFIX, Arrays.copyOf(x509, PUBLIC_PREFIX.length))) {
            throw new IllegalStateException("an unexpected Ed25519 public key encoding");
        }
        return Arrays.copyOfRange(x509, PUBLIC_PREFIX.length, x509.length);
    }

    private static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        if (raw.length != KEY_BYTES) {
            throw new java.security.InvalidKeyException("an Ed25519 public key has 32 bytes");
        }
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(PUBLIC_PREFIX, raw)));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
