package io.tally.license.application;

import io.tally.license.licences.Licence;
import io.tally.license.records.EntryType;
import io.tally.license.records.Fact;

/** The record's facts about licences, with the details a vendor or auditor asks for. */
final class RecordedFacts {

    private RecordedFacts() {
    }

    /** A licence's terms: who it is for, what it allows, when, signed by which key. */
    static Fact terms(EntryType type, Licence licence) {
        return Fact.of(type, licence.id()).with("company", licence.company()).with("kind", licence.kind().name())
                .with("edition", licence.edition()).with("systems", licence.systemA() + " – " + licence.systemB())
                .with("points", (long) licence.points()).with("cap", licence.transferredRecordsPerMonth())
                .with("start", licence.start()).with("expire", licence.expire())
                .with("graceDays", licence.graceDays() == null ? null : (long) licence.graceDays())
                .with("issued", licence.issued()).with("keyId", licence.keyId());
    }

    /** A renewal's terms, with the points and cap it replaces. */
    static Fact renewal(EntryType type, Licence before, Licence after) {
        Fact fact = terms(type, after);
        if (before != null) {
            fact.with("oldPoints", (long) before.points()).with("oldCap", before.transferredRecordsPerMonth())
                    .with("oldExpire", before.expire());
        }
        return fact;
    }
}
