package io.tally.license.application;

import io.tally.license.licences.Licence;
import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.licences.service.LicenceService;
import io.tally.license.points.Pair;
import io.tally.license.points.PointSources;
import io.tally.license.transfers.TransferMeters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/** The installed licences and their meters, as the points see them. */
@ApplicationScoped
public class InstalledPointSources implements PointSources {

    @Inject
    LicenceCatalogue catalogue;

    @Inject
    LicenceService licences;

    @Inject
    TransferMeters meters;

    @Override
    public List<Licence> covering(Pair pair) {
        return catalogue.covering(pair.first().type(), pair.second().type());
    }

    @Override
    public Optional<Licence> lockVerified(String licenceId) {
        return licences.lockVerified(licenceId);
    }

    @Override
    public Licence.Phase phase(Licence licence, java.time.Instant now) {
        return catalogue.phase(licence, now);
    }

    @Override
    public boolean cutOff(String licenceId) {
        return meters.isCutOff(licenceId);
    }
}
