package io.tally.license.web.licences;

import io.tally.license.application.LicencePreview;
import io.tally.license.licences.Licence;
import io.tally.license.spi.SystemInstance;
import java.time.Instant;
import java.util.List;

/**
 * {@code ?dryRun=true}: what an upload or a removal would change, before anything is stored. The
 * licence's terms before and after, and every pair that would move, lose its point, or see its
 * integrations disabled.
 */
public record PreviewRepresentation(String licenceId, boolean dryRun, Terms before, Terms after, List<Moved> moved,
                                    List<Released> released, List<Disabled> disabled) {

    /** The terms an administrator compares. */
    public record Terms(int points, Long transferredRecordsPerMonth, String systemA, String systemB, String kind, Instant start,
                        Instant expire, Integer graceDays, List<String> capabilities) {
        static Terms of(Licence licence) {
            return licence == null ? null : new Terms(licence.points(), licence.transferredRecordsPerMonth(), licence.systemA(),
                    licence.systemB(), licence.kind().text(), licence.start(), licence.expire(), licence.graceDays(), licence.capabilities());
        }
    }

    public record Moved(String from, String to, String first, String second) {
    }

    public record Released(String licenceId, String first, String second) {
    }

    public record Disabled(String integrationId, String reason, String detail) {
    }

    static PreviewRepresentation of(LicencePreview preview) {
        return new PreviewRepresentation(preview.licenceId(), true, Terms.of(preview.before()), Terms.of(preview.after()),
                preview.moved().stream().map(m -> new Moved(m.fromLicenceId(), m.toLicenceId(), name(m.first()), name(m.second()))).toList(),
                preview.released().stream().map(r -> new Released(r.licenceId(), name(r.first()), name(r.second()))).toList(),
                preview.disabled().stream().map(d -> new Disabled(d.integrationId(), d.reason().name(), d.detail())).toList());
    }

    private static String name(SystemInstance instance) {
        return instance.type() + "#" + instance.key();
    }
}
