package io.tally.license.host;

import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The installation's own Ed25519 key pair: it signs the monthly usage statements, so that a vendor
 * can trust the numbers a customer reports. It is the only signing key in the WAR, and no licence
 * can be signed with it: Tally trusts licence keys from its built-in list and its configuration only.
 */
final class InstallationKey {

    private final Ed25519PrivateKeyParameters privateKey;

    private InstallationKey(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
    }

    static InstallationKey generate() {
        return new InstallationKey(new Ed25519PrivateKeyParameters(new SecureRandom()));
    }

    static InstallationKey of(String privateKeyBase64) {
        return new InstallationKey(new Ed25519PrivateKeyParameters(Base64.getDecoder().decode(privateKeyBase64), 0));
    }

    String privateKeyBase64() {
        return Base64.getEncoder().encodeToString(privateKey.getEncoded());
    }

    String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(privateKey.generatePublicKey().getEncoded());
    }

    byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }
}
