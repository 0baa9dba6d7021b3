package io.tally.license.licences;

import io.tally.license.tool.KeyFile;
import io.tally.license.tool.LicenceIssuer;
import io.tally.license.tool.LicenceRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Licence files made the way a vendor makes them: with the issuing tool's classes and a fresh key. */
final class TestLicences {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    final Ed25519.KeyPair pair = Ed25519.generate();
    final String keyId;
    final LicenceIssuer issuer;

    TestLicences(String keyId) {
        this.keyId = keyId;
        this.issuer = new LicenceIssuer(new KeyFile(keyId, pair.privateKey(), true));
    }

    static TrustedKeys trustedOnly(TestLicences vendor) {
        return TrustedKeys.of(vendor.trusted());
    }

    TrustedKey trusted() {
        return new TrustedKey(keyId, pair.publicKey(), TrustedKey.CONFIGURED);
    }

    static LicenceRequest request() {
        return new LicenceRequest().id("ACME-2026-001").company("ACME Corp").registeredTo("Jane Doe")
                .email("jane@acme.example").points(3).transferredRecordsPerMonth(100L).boundTo("tally.acme.example")
                .start(Instant.parse("2026-01-01T00:00:00Z")).expire(Instant.parse("2027-01-01T00:00:00Z"))
                .systems("servicenow", "jira");
    }

    String file(LicenceRequest request) {
        return issuer.issue(request.build(keyId, NOW));
    }

    byte[] bytes(LicenceRequest request) {
        return file(request).getBytes(StandardCharsets.UTF_8);
    }
}
