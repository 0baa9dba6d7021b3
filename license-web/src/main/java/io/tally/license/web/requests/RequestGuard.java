package io.tally.license.web.requests;

import io.tally.license.records.Actor;
import io.tally.license.web.problems.Problem;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * First on every request after authentication (which already set the security headers: the
 * mechanism runs on every request, and sends some answers itself); then, before
 * anything reads the request, a cross-site request or a declared length that is not a number or too
 * large is refused in a few bytes, without a stack trace in the log.
 */
@WebFilter(urlPatterns = "/*", dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class RequestGuard extends HttpFilter {

    /** The page's largest request: its upload form (web.xml's multipart limit). */
    static final long MAX_PAGE_REQUEST = 1_179_648;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            SecurityHeaders.apply(response, path); // the error page's answer; the request's own got them from the mechanism
            chain.doFilter(request, response);
            return;
        }
        boolean api = path.equals("/api") || path.startsWith("/api/");
        if (path.endsWith(".wadl")) {
            refuse(response, 404, "not-found", "Not found", "There is no such resource.", api);
            return;
        }
        if ((api || !safe(request.getMethod())) && CrossSite.test(request)) {
            refuse(response, 403, "cross-site-request", "Another site may not send this request.",
                    "Tally accepts requests to its API only from programs and its own pages; this one came from a page of another site ("
                            + Shown.of(request.getHeader("Origin")) + ").", api);
            return;
        }
        String declared = request.getHeader("Content-Length");
        if (declared != null) {
            long length = DeclaredLength.parse(declared);
            if (length < 0) {
                refuse(response, 400, "invalid-request", "The request is not valid.", "Content-Length must be a whole number of bytes.", api);
                return;
            }
            long limit = api ? UploadLimit.MAX_REQUEST_BYTES : MAX_PAGE_REQUEST;
            if (length > limit) {
                refuse(response, 413, "too-large", "The request body is too large.", "This request takes at most " + limit + " bytes.", api);
                return;
            }
        }
        java.security.Principal caller = request.getUserPrincipal();
        if (caller == null) {
            chain.doFilter(request, response);
            return;
        }
        try (Actor.Scope as = new Actor(caller.getName(), api ? "rest" : "page").open()) { // who the licensing record names
            chain.doFilter(request, response);
        }
    }

    private static boolean safe(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }

    /** Answers and closes the connection: the body, if any, is never read. */
    static void refuse(HttpServletResponse response, int status, String code, String title, String detail, boolean api) throws IOException {
        response.setStatus(status);
        response.setHeader("Connection", "close");
        response.setCharacterEncoding("UTF-8");
        if (api) {
            response.setContentType(Problem.MEDIA_TYPE);
            response.getWriter().write(Problem.json(status, code, title, detail));
        } else {
            response.setContentType("text/plain");
            response.getWriter().write(title + " " + detail + "\n");
        }
    }
}
