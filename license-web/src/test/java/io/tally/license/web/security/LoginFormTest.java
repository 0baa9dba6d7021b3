package io.tally.license.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tally.license.web.problems.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoginFormTest {

    @Test
    void theFieldsAreUrlDecoded() {
        Map<String, String> form = LoginForm.parse(bytes("username=admin&password=p%40ss+word&next=%2Flicence.xhtml"));

        assertEquals("admin", form.get("username"));
        assertEquals("p@ss word", form.get("password"));
        assertEquals("/licence.xhtml", form.get("next"));
    }

    @Test
    void aFieldSentTwiceKeepsNeitherValue() {
        Map<String, String> form = LoginForm.parse(bytes("username=admin&password=a&password=b"));

        assertFalse(form.containsKey("password"), "which one would count? neither");
        assertEquals("admin", form.get("username"));
    }

    @Test
    void aBrokenEncodingIsRefused() {
        assertThrows(InvalidRequestException.class, () -> LoginForm.parse(bytes("username=%zz")));
    }

    @Test
    void theNextPageIsAlwaysOneOfOurs() {
        assertEquals("/", TallyAuthentication.safeNext("https://attacker.test/"));
        assertEquals("/", TallyAuthentication.safeNext("//attacker.test/"));
        assertEquals("/", TallyAuthentication.safeNext("/\\attacker.test"));
        assertEquals("/", TallyAuthentication.safeNext("/x\r\nSet-Cookie: a=b"));
        assertEquals("/licence.xhtml?id=A", TallyAuthentication.safeNext("/licence.xhtml?id=A"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
