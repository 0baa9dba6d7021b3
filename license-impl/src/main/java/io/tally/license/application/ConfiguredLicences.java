package io.tally.license.application;

import io.tally.license.licences.LicenceRefusedException;
import io.tally.license.licences.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Licence files named in configuration ({@code tally.licence.files}), installed at every start for
 * container deployments where nobody uploads by hand: the same checks as an upload, and a refused
 * file is logged with its code without stopping the start. The same file again is simply already
 * installed; a renewed file replaces the installed one by the renewal rules.
 */
@ApplicationScoped
public class ConfiguredLicences {

    private static final Logger LOG = Logger.getLogger(ConfiguredLicences.class.getName());

    @Inject
    LicenceInstallation installation;

    @Inject
    @ConfigProperty(name = "tally.licence.files")
    Optional<String> files; // comma-separated: Payara's MicroProfile Config injects no Optional<List>

    public void install() {
        for (String name : files.map(list -> List.of(list.split(","))).orElse(List.of())) {
            if (name.isBlank()) {
                continue;
            }
            Path file = Path.of(name.strip());
            try {
                byte[] content = Files.readAllBytes(file);
                String id = installation.upload(content, "configuration").id();
                LOG.info("Installed licence " + id + " from " + file + " (tally.licence.files).");
            } catch (LicenceRefusedException e) {
                if (e.refusal() == Refusal.NOT_NEWER) {
                    LOG.fine(() -> file + " is installed already (" + e.refusal().code() + ")");
                } else {
                    LOG.warning("The licence file " + file + " named in tally.licence.files is refused (" + e.refusal().code() + "): " + e.detail());
                }
            } catch (IOException e) {
                LOG.warning("The licence file " + file + " named in tally.licence.files cannot be read: " + e);
            }
        }
    }
}
