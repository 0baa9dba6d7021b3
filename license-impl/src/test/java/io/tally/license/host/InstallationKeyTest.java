package io.tally.license.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.licences.Ed25519;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

/** The installation's key signs with the JDK what any Ed25519 implementation checks, and keeps keys stored before. */
class InstallationKeyTest {

    private static final byte[] STATEMENT = "tally-usage-statement-1\nLicence: ACME\nMonth: 2026-11\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aStatementSignedWithAGeneratedKeyVerifiesWithItsPublicKeyHereAndInBouncyCastle() {
        InstallationKey key = InstallationKey.generate();
        byte[] publicKey = Base64.getDecoder().decode(key.publicKeyBase64());
        byte[] signature = InstallationKey.of(key.privateKeyBase64()).sign(STATEMENT);
        assertTrue(Ed25519.verify(publicKey, STATEMENT, signature));
        Ed25519Signer bc = new Ed25519Signer();
        bc.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        bc.update(STATEMENT, 0, STATEMENT.length);
        assertTrue(bc.verifySignature(signature), "the vendor's tool checks statements with BouncyCastle");
        STATEMENT[20] ^= 1;
        try {
            assertFalse(Ed25519.verify(publicKey, STATEMENT, signature), "a changed statement");
        } finally {
            STATEMENT[20] ^= 1;
        }
    }

    @Test
    void aKeyStoredByAnEarlierBuildSignsAsItDid() {
        Ed25519PrivateKeyParameters earlier = new Ed25519PrivateKeyParameters(new SecureRandom());
        Ed25519Signer bc = new Ed25519Signer();
        bc.init(true, earlier);
        bc.update(STATEMENT, 0, STATEMENT.length);
        byte[] expected = bc.generateSignature();
        assertArrayEquals(expected, InstallationKey.of(Base64.getEncoder().encodeToString(earlier.getEncoded())).sign(STATEMENT),
                "Ed25519 is deterministic: the same raw key gives the same signature");
    }

    @Test
    void malformedKeysAndSignaturesVerifyNothing() {
        assertFalse(Ed25519.verify(new byte[31], STATEMENT, new byte[64]));
        assertFalse(Ed25519.verify(new byte[32], STATEMENT, new byte[3]));
    }
}
