package io.tally.license.web.security;

import io.tally.license.web.problems.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * The one authentication mechanism Jakarta Security 3 allows per application, choosing by path:
 * <ul>
 *   <li>{@code /api/...}: HTTP Basic on every request, never a session (so a browser's cookie can
 *       never be used to call the API from another site); 401 as a problem document;</li>
 *   <li>the page: a form login ({@code POST /login} from {@code /login.xhtml}) that keeps the caller in
 *       the HTTP session (a new session id at login); unauthenticated visits go to the login page.</li>
 * </ul>
 */
@ApplicationScoped
public class TallyAuthentication implements HttpAuthenticationMechanism {

    static final String LOGIN_PAGE = "/login.xhtml";
    static final String LOGIN_ACTION = "/login";
    private static final String CALLER = "tally.caller";
    private static final String GROUPS = "tally.groups";

    @Inject
    IdentityStoreHandler identities;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.startsWith("/api/") || path.equals("/api")) {
            return basic(request, response, context);
        }
        if (path.equals(LOGIN_ACTION) && "POST".equals(request.getMethod())) {
            return formLogin(request, response, context);
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(CALLER) instanceof String caller) {
            @SuppressWarnings("unchecked")
            Set<String> groups = (Set<String>) session.getAttribute(GROUPS);
            return context.notifyContainerAboutLogin(caller, groups);
        }
        if (context.isProtected()) {
            return redirect(response, request.getContextPath() + LOGIN_PAGE + "?next=" + URLEncoder.encode(target(request), StandardCharsets.UTF_8));
        }
        return context.doNothing();
    }

    private AuthenticationStatus basic(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            CredentialValidationResult result = validateBasic(header.substring(6).strip());
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                return context.notifyContainerAboutLogin(result);
            }
            return unauthorized(response, "The user name or password is wrong.");
        }
        if (context.isProtected()) {
            return unauthorized(response, "This resource needs a Tally login (HTTP Basic).");
        }
        return context.doNothing();
    }

    private AuthenticationStatus formLogin(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String username = request.getParameter("username");
        String password = request.getParameter("password");
        String next = safeNext(request.getParameter("next"));
        String loginPage = request.getContextPath() + LOGIN_PAGE;
        if (username == null || password == null) {
            return redirect(response, loginPage + "?failed=1");
        }
        CredentialValidationResult result = identities.validate(new UsernamePasswordCredential(username, password));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return redirect(response, loginPage + "?failed=1&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        }
        HttpSession session = request.getSession(true);
        request.changeSessionId(); // no session fixation
        session.setAttribute(CALLER, result.getCallerPrincipal().getName());
        session.setAttribute(GROUPS, new HashSet<>(result.getCallerGroups()));
        context.notifyContainerAboutLogin(result);
        return redirect(response, request.getContextPath() + next);
    }

    /** Only paths inside this application: never another site, never a protocol-relative {@code //host}. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.contains("\r") || next.contains("\n")) {
            return "/";
        }
        return next;
    }

    private static String target(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return request.getQueryString() == null ? path : path + "?" + request.getQueryString();
    }

    private static AuthenticationStatus redirect(HttpServletResponse response, String location) {
        response.setStatus(303);
        response.setHeader("Location", location);
        return AuthenticationStatus.SEND_CONTINUE;
    }

    private CredentialValidationResult validateBasic(String base64) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        return identities.validate(new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    private static AuthenticationStatus unauthorized(HttpServletResponse response, String detail) {
        try {
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Basic realm=\"Tally\", charset=\"UTF-8\"");
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(Problem.json(401, "unauthenticated", "Authentication required.", detail));
        } catch (IOException e) {
            // the client went away; nothing more to tell it
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
