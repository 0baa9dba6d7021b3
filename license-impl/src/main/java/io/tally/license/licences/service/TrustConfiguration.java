package io.tally.license.licences.service;

import io.tally.license.licences.LicenceVerifier;
import io.tally.license.licences.TrustedKey;
import io.tally.license.licences.TrustedKeys;
import io.tally.license.licences.TrustedKeyFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The verifier with the built-in vendor keys, plus the keys that configuration adds for development:
 * {@code tally.licence.trusted-keys} ({@code keyId:base64} entries) and {@code tally.licence.trusted-key-files}
 * (public key files from the issuing tool). A configuration that cannot be read stops the deployment
 * rather than silently trusting less or more.
 */
@ApplicationScoped
public class TrustConfiguration {

    private static final Logger LOG = Logger.getLogger(TrustConfiguration.class.getName());

    @Inject
    Config config;

    @Produces
    @Singleton
    LicenceVerifier verifier() {
        List<TrustedKey> configured = new ArrayList<>();
        Optional<List<String>> trustedKeys = config.getOptionalValues("tally.licence.trusted-keys", String.class);
        Optional<List<String>> trustedKeyFiles = config.getOptionalValues("tally.licence.trusted-key-files", String.class);
        for (String entry : trustedKeys.orElse(List.of())) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("tally.licence.trusted-keys: '" + entry + "' is not of the form keyId:base64");
            }
            configured.add(TrustedKey.parse(entry.substring(0, colon).strip(), entry.substring(colon + 1), TrustedKey.CONFIGURED));
        }
        for (String file : trustedKeyFiles.orElse(List.of())) {
            try {
                configured.add(TrustedKeyFile.read(Path.of(file.strip()), TrustedKey.CONFIGURED));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("tally.licence.trusted-key-files: cannot read '" + file + "': " + e.getMessage(), e);
            }
        }
        TrustedKeys keys = TrustedKeys.builtIn().with(configured);
        for (TrustedKey key : configured) {
            LOG.warning("Trusting licence key '" + key.keyId() + "' from configuration: meant for development, never for production.");
        }
        return new LicenceVerifier(keys);
    }
}
