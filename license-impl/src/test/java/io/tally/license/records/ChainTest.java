package io.tally.license.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainTest {

    static List<Chain.Entry> chain(int length) {
        List<Chain.Entry> entries = new ArrayList<>();
        String prev = Chain.GENESIS;
        for (int seq = 1; seq <= length; seq++) {
            Chain.Entry entry = Chain.Entry.chained(seq, 1_795_000_000_000L + seq, "admin", "point-taken", "ACME-1",
                    "{\"pair\":\"jira#" + seq + " – servicenow#1\"}", prev);
            entries.add(entry);
            prev = entry.hash();
        }
        return entries;
    }

    static Chain.Walk walk(List<Chain.Entry> entries) {
        Chain.Walk walk = new Chain.Walk();
        entries.forEach(walk::accept);
        return walk;
    }

    @Test
    void anEntrysHashIsTheSha256OfItsCanonicalLines() {
        // the expected value from sha256sum over the nine lines, outside Java
        Chain.Entry first = chain(1).get(0);
        assertEquals("3ff27348c124d8668cd67a15ce0d5f2909a498530f6856280e30155965add5a6", first.hash());
        assertEquals(first.hash(), Chain.hash(first), "the same again: a digest starts empty every time");
    }

    @Test
    void anUntouchedChainIsIntactToItsHead() {
        List<Chain.Entry> entries = chain(5);
        Chain.Walk walk = walk(entries);
        walk.expectEnd(5, entries.get(4).hash());
        assertTrue(walk.intact(), walk.broken());
        assertEquals(5, walk.count());
    }

    @Test
    void anEditedEntryIsNamed() {
        List<Chain.Entry> entries = chain(5);
        Chain.Entry third = entries.get(2);
        entries.set(2, new Chain.Entry(third.seq(), third.at(), "someone-else", third.type(), third.licenceId(), third.details(), third.prevHash(), third.hash()));
        Chain.Walk walk = walk(entries);
        assertFalse(walk.intact());
        assertEquals(3L, walk.brokenSeq());
        assertTrue(walk.broken().contains("entry 3 was altered"), walk.broken());
    }

    @Test
    void anEntryRehashedAfterAnEditBreaksTheNextOne() {
        List<Chain.Entry> entries = chain(5);
        Chain.Entry third = entries.get(2);
        entries.set(2, Chain.Entry.chained(third.seq(), third.at(), third.actor(), third.type(), third.licenceId(), "{\"pair\":\"forged\"}", third.prevHash()));
        Chain.Walk walk = walk(entries);
        assertEquals(4L, walk.brokenSeq(), walk.broken());
        assertTrue(walk.broken().contains("does not follow entry 3"), walk.broken());
    }

    @Test
    void aRemovedEntryIsNamed() {
        List<Chain.Entry> entries = chain(5);
        entries.remove(1);
        Chain.Walk walk = walk(entries);
        assertEquals(3L, walk.brokenSeq());
        assertTrue(walk.broken().contains("entry 2 is missing"), walk.broken());
    }

    @Test
    void swappedEntriesAreNamed() {
        List<Chain.Entry> entries = chain(5);
        Chain.Entry second = entries.get(1);
        entries.set(1, entries.get(2));
        entries.set(2, second);
        Chain.Walk walk = walk(entries);
        assertFalse(walk.intact());
        assertEquals(3L, walk.brokenSeq(), walk.broken());
    }

    @Test
    void aTruncatedTailIsNamedAgainstTheHead() {
        List<Chain.Entry> entries = chain(5);
        Chain.Walk walk = walk(entries.subList(0, 3));
        walk.expectEnd(5, entries.get(4).hash());
        assertFalse(walk.intact());
        assertTrue(walk.broken().contains("entries 4 to 5 were removed"), walk.broken());
    }

    @Test
    void noFieldCanPassForTwo() {
        Chain.Entry one = Chain.Entry.chained(1, 1, "a\nb", "t", null, "{}", Chain.GENESIS);
        Chain.Entry two = Chain.Entry.chained(1, 1, "a", "b\nt", null, "{}", Chain.GENESIS);
        assertNotEquals(one.hash(), two.hash());
    }
}
