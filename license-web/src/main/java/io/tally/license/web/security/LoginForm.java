package io.tally.license.web.security;

import io.tally.license.web.problems.InvalidRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The login form's url-encoded body, read by Tally itself so that its size and time are bounded. */
final class LoginForm {

    private LoginForm() {
    }

    /** The fields; a field sent twice keeps neither (two readers could pick different ones). */
    static Map<String, String> parse(byte[] body) {
        Map<String, String> fields = new HashMap<>();
        Set<String> twice = new HashSet<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (fields.putIfAbsent(name, value) != null) {
                    twice.add(name);
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("The login form is not url-encoded.");
            }
        }
        fields.keySet().removeAll(twice);
        return fields;
    }
}
