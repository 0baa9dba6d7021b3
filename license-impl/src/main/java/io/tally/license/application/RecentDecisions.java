package io.tally.license.application;

import static io.tally.license.records.EntryWords.text;

import io.tally.license.records.Chain;
import io.tally.license.records.EntryType;
import io.tally.license.records.EntryWords;
import io.tally.license.records.LicensingRecord;
import io.tally.license.records.RecordQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The last decisions an administrator should see on the page without searching: pairs moved to
 * another licence, integrations Tally disabled, cut-offs lifted. Read from the licensing record, so
 * every node shows the decisions of every node, and only committed ones.
 */
@ApplicationScoped
public class RecentDecisions {

    static final int KEPT = 20;
    private static final List<EntryType> SHOWN = List.of(EntryType.POINT_MOVED, EntryType.INTEGRATION_DISABLED, EntryType.CUT_OFF_LIFTED);

    /** One decision, when it was made, in words. */
    public record Decision(Instant at, String words) {
    }

    @Inject
    LicensingRecord record;

    /** The newest {@value #KEPT}: each type's newest from its index, merged by entry number. */
    public List<Decision> newestFirst() {
        List<Chain.Entry> entries = new ArrayList<>();
        for (EntryType type : SHOWN) {
            entries.addAll(record.newestFirst(new RecordQuery(null, type, null, null), null, KEPT));
        }
        return entries.stream().sorted(Comparator.comparingLong(Chain.Entry::seq).reversed()).limit(KEPT)
                .map(entry -> new Decision(Instant.ofEpochMilli(entry.at()), words(entry))).toList();
    }

    static String words(Chain.Entry entry) {
        JsonObject d = EntryWords.details(entry);
        return switch (EntryType.ofCode(entry.type()).orElseThrow()) {
            case POINT_MOVED -> "Pair " + text(d, "pair") + " moved from licence " + text(d, "from") + " to " + entry.licenceId()
                    + " (" + cause(text(d, "cause")) + "); its integrations keep running.";
            case INTEGRATION_DISABLED -> "Integration " + text(d, "integration") + " disabled: " + text(d, "detail");
            case CUT_OFF_LIFTED -> "Licence " + entry.licenceId() + ": the cut-off of " + text(d, "month") + " is lifted by a renewal.";
            default -> EntryWords.describe(entry);
        };
    }

    private static String cause(String reason) {
        return switch (reason) {
            case "LICENCE_EXPIRED" -> "it expired";
            case "LICENCE_REMOVED" -> "it was removed";
            case "LICENCE_RENEWED" -> "its renewal dropped the pair";
            default -> reason;
        };
    }
}
