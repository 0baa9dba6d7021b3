package io.tally.license.licences.service;

import io.tally.license.licences.Licence;
import java.time.Instant;

/**
 * An installed licence as the administrator sees it.
 *
 * @param licence    the verified attributes; {@code null} when the stored file no longer verifies
 * @param problem    why the status is not {@code VALID}, in words; {@code null} when valid
 * @param keyOrigin  {@code built-in} or {@code configured}: where the trust in its signing key comes from
 * @param pending    a renewal uploaded before its start, taking over then; {@code null} when none
 */
public record InstalledLicence(String id, Licence licence, LicenceStatus status, String problem, String keyOrigin,
                               Instant uploadedAt, String uploadedBy, Licence pending) {

    /** Verified and bound to this host: a licence that may give points when its dates allow. */
    public boolean boundHere() {
        return licence != null && status != LicenceStatus.WRONG_HOST && status != LicenceStatus.INVALID;
    }
}
