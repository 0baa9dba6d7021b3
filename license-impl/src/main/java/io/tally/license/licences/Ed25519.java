package io.tally.license.licences;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Ed25519 verification through BouncyCastle, on raw 32-byte keys. Signing is the vendor's and lives in the issuing tool only. */
public final class Ed25519 {

    public static final int KEY_BYTES = 32;

    private Ed25519() {
    }

    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }
}
