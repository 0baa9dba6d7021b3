package io.tally.license.tool;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** The vendor's half of Ed25519: key pairs and signatures, through BouncyCastle. Never shipped to customers. */
public final class Signing {

    /** A key pair as raw bytes: the private key is the 32-byte seed. */
    public record KeyPair(byte[] privateKey, byte[] publicKey) {
    }

    private Signing() {
    }

    public static KeyPair generate() {
        Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(new SecureRandom());
        return new KeyPair(privateKey.getEncoded(), privateKey.generatePublicKey().getEncoded());
    }

    public static byte[] publicKeyOf(byte[] privateKey) {
        return new Ed25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded();
    }

    public static byte[] sign(byte[] privateKey, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(privateKey, 0));
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }
}
