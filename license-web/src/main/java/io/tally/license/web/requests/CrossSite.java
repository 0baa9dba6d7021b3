package io.tally.license.web.requests;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Whether a browser sent this request on behalf of another site. Browsers name the page that caused a
 * request: {@code Sec-Fetch-Site} (current browsers) and {@code Origin} (every browser on a POST). A
 * request with neither comes from a program (curl, the platform), which sends its credentials on purpose.
 */
public final class CrossSite {

    private CrossSite() {
    }

    public static boolean test(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return true; // same-site, cross-site, or something new: only our own pages may call us
        }
        String origin = request.getHeader("Origin");
        return origin != null && !sameAuthority(origin, request.getHeader("Host"));
    }

    /**
     * The origin's host and port against the {@code Host} the request was sent to. The scheme is left
     * out: behind a TLS proxy the page is https while Tally sees http.
     */
    static boolean sameAuthority(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = new URI(origin);
            if (uri.getHost() == null || uri.getScheme() == null) {
                return false; // "null" (a sandboxed frame, a file) is never us
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return authority(uri.getHost(), port).equals(authority(host, "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String authority(String host, int defaultPort) {
        String lower = host.toLowerCase(Locale.ROOT);
        int colon = lower.lastIndexOf(':');
        boolean hasPort = colon > lower.lastIndexOf(']');
        return hasPort ? lower : lower + ":" + defaultPort;
    }
}
