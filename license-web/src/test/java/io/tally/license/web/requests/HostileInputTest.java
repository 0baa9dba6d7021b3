package io.tally.license.web.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.web.problems.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The readers of request text, each fed what an attacker would send. */
class HostileInputTest {

    @Test
    void aDeclaredLengthIsDigitsOfAnySizeOrNothing() {
        assertEquals(80, DeclaredLength.parse("80"));
        assertEquals(2_147_483_648L, DeclaredLength.parse("2147483648"));
        assertEquals(Long.MAX_VALUE, DeclaredLength.parse("9".repeat(40)), "beyond a long is simply too large");
        assertEquals(-1, DeclaredLength.parse("-1"));
        assertEquals(-1, DeclaredLength.parse("1e3"));
        assertEquals(-1, DeclaredLength.parse(""));
        assertEquals(-1, DeclaredLength.parse("12, 12"));
    }

    @Test
    void anOriginIsOursOnlyWithOurHostAndPort() {
        assertTrue(CrossSite.sameAuthority("http://tally.example:8080", "tally.example:8080"));
        assertTrue(CrossSite.sameAuthority("https://Tally.Example", "tally.example"), "default port, any case");
        assertTrue(CrossSite.sameAuthority("https://tally.example", "tally.example:443"));
        assertFalse(CrossSite.sameAuthority("http://tally.example:9090", "tally.example:8080"), "another port is another origin");
        assertFalse(CrossSite.sameAuthority("http://tally.example.attacker.test", "tally.example"));
        assertFalse(CrossSite.sameAuthority("null", "tally.example"), "a sandboxed frame or a file");
        assertFalse(CrossSite.sameAuthority("http://tally.example", null));
    }

    @Test
    void jsonThatTwoReadersCouldReadDifferentlyIsRefused() {
        assertEquals(3, JsonBody.parse(bytes("{\"records\": 3}")).getInt("records"));
        for (String body : new String[] {"{\"a\": 1, \"a\": 2}", "{\"a\": 1} x", "{\"a\": 1}{\"a\": 1}", "[1]", "",
                "{\"a\": " + "9".repeat(40) + "}", "{\"a\": 1e999999999}", "{\"a\": " + "[".repeat(20) + "]".repeat(20) + "}",
                "{\"a\": {\"b\": 1, \"b\": 1}}"}) {
            assertThrows(InvalidRequestException.class, () -> JsonBody.parse(bytes(body)), body);
        }
        assertThrows(InvalidRequestException.class, () -> JsonBody.parse(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}), "not UTF-8");
    }

    @Test
    void textShownInALogLineCannotForgeAnotherLine() {
        assertEquals("admin?2026-11-24 INFO forged", Shown.of("admin\n2026-11-24 INFO forged"));
        assertEquals("a?b", Shown.of("a\u202Eb"), "a direction override shows as what it is not: nothing");
        assertEquals("x".repeat(80) + "…", Shown.of("x".repeat(500)));
        assertEquals("", Shown.of(null));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
