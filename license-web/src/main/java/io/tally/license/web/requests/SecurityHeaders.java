package io.tally.license.web.requests;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every answer carries. The page runs only its own script and style files (no inline
 * script or style, no frames, forms only to itself); nothing is sniffed; no address leaks to other
 * sites; and nothing but the static resources may be kept in a cache, so a shared browser keeps no
 * licence data and no API answer.
 */
public final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    public static void apply(HttpServletResponse response, String path) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Frame-Options", "DENY");
        if (!path.startsWith("/jakarta.faces.resource/")) {
            response.setHeader("Cache-Control", "no-store");
        }
    }
}
