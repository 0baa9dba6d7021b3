package io.tally.license.transfers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A lease gives a node its fair share of what is left, never what another node holds; the last block only to a node alone. */
class LeaseTermsTest {

    @Test
    void anActiveNodeIsGivenHalfOfWhatIsLeftSplitBetweenTheNodesHoldingBlocks() {
        assertEquals(new LeaseTerms(550, false, 550), LeaseTerms.of(1_100, 0, 0, 0, false, 0, 1));
        assertEquals(new LeaseTerms(138, false, 138), LeaseTerms.of(1_100, 0, 550, 3, false, 0, 1));
    }

    @Test
    void blocksShrinkAsTheAllowanceRunsOut() {
        assertEquals(5, LeaseTerms.of(1_100, 1_080, 0, 1, false, 0, 1).share());
        assertEquals(1, LeaseTerms.of(1_100, 1_099, 0, 2, false, 0, 1).share());
    }

    @Test
    void whatAnotherNodeHoldsIsNeverGiven() {
        LeaseTerms terms = LeaseTerms.of(1_100, 1_090, 8, 1, false, 0, 5);
        assertEquals(2, terms.granted(), "10 left, 8 of them held by the other node");
        assertFalse(terms.last(), "the other node still holds records below the limit");
    }

    @Test
    void theLastBlockGoesToANodeAloneAtTheEnd() {
        assertTrue(LeaseTerms.of(1_100, 1_099, 0, 0, false, 0, 1).last());
        assertTrue(LeaseTerms.of(1_100, 1_100, 0, 0, false, 0, 1).last(), "nothing left below the limit: the next report passes it");
        assertFalse(LeaseTerms.of(1_100, 1_100, 0, 1, true, 0, 1).last(), "another node holds the last block");
        assertFalse(LeaseTerms.of(1_100, 1_101, 0, 0, false, 0, 1).last(), "the limit is passed already");
    }

    @Test
    void askingForNothingGivesNothingAndNoLastBlock() {
        assertEquals(new LeaseTerms(0, false, 550), LeaseTerms.of(1_100, 0, 0, 0, false, 0, 0));
    }

    @Test
    void aReportLargerThanTheShareIsGivenWhatItNeeds() {
        assertEquals(40, LeaseTerms.of(1_100, 1_000, 0, 1, false, 0, 40).granted());
    }
}
