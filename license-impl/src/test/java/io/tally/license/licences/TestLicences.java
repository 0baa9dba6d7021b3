package io.tally.license.licences;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Licence files signed the way a vendor signs them, with a fresh Ed25519 key. The engine holds no
 * signing code, so the test signs with BouncyCastle itself; the issuing tool's own tests cover its signer.
 */
public final class TestLicences {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(new SecureRandom());
    final String keyId;

    public TestLicences(String keyId) {
        this.keyId = keyId;
    }

    static TrustedKeys trustedOnly(TestLicences vendor) {
        return TrustedKeys.of(vendor.trusted());
    }

    public TrustedKey trusted() {
        return new TrustedKey(keyId, privateKey.generatePublicKey().getEncoded(), TrustedKey.CONFIGURED);
    }

    public static LicenceRequest request() {
        return new LicenceRequest().id("ACME-2026-001").company("ACME Corp").registeredTo("Jane Doe")
                .email("jane@acme.example").points(3).transferredRecordsPerMonth(100L).boundTo("tally.acme.example")
                .start(Instant.parse("2026-01-01T00:00:00Z")).expire(Instant.parse("2027-01-01T00:00:00Z"))
                .systems("servicenow", "jira").graceDays(15);
    }

    public String file(LicenceRequest request) {
        Licence licence = request.build(keyId, NOW);
        byte[] message = LicenceFormat.signedBytes(licence);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return LicenceFormat.write(licence, signer.generateSignature());
    }

    public byte[] bytes(LicenceRequest request) {
        return file(request).getBytes(StandardCharsets.UTF_8);
    }
}
