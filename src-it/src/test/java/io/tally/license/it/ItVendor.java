package io.tally.license.it;

import io.tally.license.tool.KeyFile;
import io.tally.license.tool.LicenceIssuer;
import io.tally.license.licences.LicenceRequest;
import io.tally.license.tool.Signing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The test vendor: signs licences with the key pair the build made with the issuing tool
 * ({@code target/it-keys/it-vendor.*}), whose public half the test servers trust by configuration.
 */
final class ItVendor {

    static final Path KEYS = Path.of(System.getProperty("tally.it.keys", "target/it-keys"));

    private final LicenceIssuer issuer;

    private ItVendor(LicenceIssuer issuer) {
        this.issuer = issuer;
    }

    static ItVendor trusted() {
        try {
            return new ItVendor(new LicenceIssuer(KeyFile.read(KEYS.resolve("it-vendor.private"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A vendor nobody configured: same key id, another key. */
    static ItVendor impostor() {
        return new ItVendor(new LicenceIssuer(new KeyFile("it-vendor", Signing.generate().privateKey(), true)));
    }

    /** A vendor with a key id nobody configured. */
    static ItVendor stranger() {
        return new ItVendor(new LicenceIssuer(new KeyFile("stranger-key", Signing.generate().privateKey(), true)));
    }

    /** A valid licence for ServiceNow–Jira with 2 points and a cap of 100, bound to the given address. */
    static LicenceRequest licence(String id, String boundTo) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new LicenceRequest().id(id).company("ACME Corp").registeredTo("Jane Doe").email("jane@acme.example")
                .points(2).transferredRecordsPerMonth(100L).boundTo(boundTo)
                .start(now.minus(1, ChronoUnit.DAYS)).expire(now.plus(365, ChronoUnit.DAYS))
                .systems("servicenow", "jira").issued(now);
    }

    String issue(LicenceRequest request) {
        return issuer.issue(request.build(issuer.keyId(), Instant.now()));
    }

    byte[] bytes(LicenceRequest request) {
        return issue(request).getBytes(StandardCharsets.UTF_8);
    }
}
