package io.tally.license.web.records;

import io.tally.license.records.Chain;
import io.tally.license.records.EntryWords;
import jakarta.json.JsonObject;
import java.time.Instant;

/** One record entry over HTTP: its fields, its details as an object, and the entry in words. */
public record EntryRepresentation(long seq, Instant time, String actor, String type, String licence, JsonObject details, String text,
                                  String prev, String hash) {

    static EntryRepresentation of(Chain.Entry entry) {
        return new EntryRepresentation(entry.seq(), Instant.ofEpochMilli(entry.at()), entry.actor(), entry.type(), entry.licenceId(),
                EntryWords.details(entry), EntryWords.describe(entry), entry.prevHash(), entry.hash());
    }
}
