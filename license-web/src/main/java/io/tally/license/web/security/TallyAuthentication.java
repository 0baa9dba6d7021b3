package io.tally.license.web.security;

import io.tally.license.security.AccountStore;
import io.tally.license.security.LoginThrottle;
import io.tally.license.web.problems.InvalidRequestException;
import io.tally.license.web.problems.Problem;
import io.tally.license.web.requests.Bodies;
import io.tally.license.web.requests.CrossSite;
import io.tally.license.web.requests.DeclaredLength;
import io.tally.license.web.requests.SecurityHeaders;
import io.tally.license.web.requests.Shown;
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
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one authentication mechanism Jakarta Security 3 allows per application, choosing by path:
 * <ul>
 *   <li>{@code /api/...}: HTTP Basic on every request, never a session (so a browser's cookie can
 *       never be used to call the API from another site); 401 as a problem document, never a challenge;</li>
 *   <li>the page: a form login ({@code POST /login} from {@code /login.xhtml}) that keeps the caller in
 *       the HTTP session (a new session id at login); unauthenticated visits go to the login page.</li>
 * </ul>
 * Both go through the {@link LoginThrottle} before a password is checked.
 */
@ApplicationScoped
public class TallyAuthentication implements HttpAuthenticationMechanism {

    static final String LOGIN_PAGE = "/login.xhtml";
    static final String LOGIN_ACTION = "/login";
    private static final String CALLER = "tally.caller";
    private static final String GROUPS = "tally.groups";

    /** A login form's body: a user name, a password and a path; a few hundred bytes. */
    static final int MAX_LOGIN_BODY = 4096;

    @Inject
    IdentityStoreHandler identities;

    @Inject
    AccountStore accounts;

    @Inject
    LoginThrottle throttle;

    @Inject
    io.tally.license.application.LoginRecord logins;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        SecurityHeaders.apply(response, path); // every request passes here, and some answers are sent from here
        if (path.startsWith("/api/") || path.equals("/api") || path.equals("/metrics") || path.startsWith("/metrics/")) {
            return basic(request, response, context); // programs: the API, and scrapers of the metrics (Payara serves them in the root context's security)
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
            UsernamePasswordCredential credential = basicCredential(header.substring(6).strip());
            if (credential == null) {
                return unauthorized(response, "The Authorization header is not HTTP Basic's user:password in base64.");
            }
            String account = accounts.hasAccount(credential.getCaller()) ? credential.getCaller() : null;
            LoginThrottle.Verdict verdict = throttle.check(account, request.getRemoteAddr());
            if (!verdict.allowed()) {
                return tooManyFailures(response, verdict);
            }
            CredentialValidationResult result = identities.validate(credential);
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                throttle.succeeded(credential.getCaller(), request.getRemoteAddr());
                return context.notifyContainerAboutLogin(result);
            }
            throttle.failed(account, Shown.of(credential.getCaller()), request.getRemoteAddr());
            logins.failed(Shown.of(credential.getCaller()), request.getRemoteAddr(), "rest");
            return unauthorized(response, "The user name or password is wrong.");
        }
        if (context.isProtected()) {
            return unauthorized(response, "This resource needs a Tally login (HTTP Basic).");
        }
        return context.doNothing();
    }

    private AuthenticationStatus formLogin(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        if (CrossSite.test(request)) {
            return plain(response, 403, "Another site may not log in to Tally.");
        }
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return plain(response, 415, "The login form is sent as application/x-www-form-urlencoded.");
        }
        String declared = request.getHeader("Content-Length");
        if (declared != null && DeclaredLength.parse(declared) > MAX_LOGIN_BODY) {
            return plain(response, 413, "A login form has at most " + MAX_LOGIN_BODY + " bytes.");
        }
        Map<String, String> form;
        try {
            form = LoginForm.parse(Bodies.read(request.getInputStream(), MAX_LOGIN_BODY));
        } catch (WebApplicationException e) { // too large, or too slow to arrive
            return plain(response, e.getResponse().getStatus(), e.getMessage());
        } catch (InvalidRequestException e) {
            return plain(response, 400, e.getMessage());
        } catch (IOException e) {
            return plain(response, 408, "The login form did not arrive.");
        }
        String username = form.get("username");
        String password = form.get("password");
        String next = safeNext(form.get("next"));
        String loginPage = request.getContextPath() + LOGIN_PAGE;
        String back = "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
        if (username == null || password == null) {
            return redirect(response, loginPage + "?failed=1" + back);
        }
        String account = accounts.hasAccount(username) ? username : null;
        LoginThrottle.Verdict verdict = throttle.check(account, request.getRemoteAddr());
        if (!verdict.allowed()) {
            return redirect(response, loginPage + "?throttled=" + seconds(verdict) + back);
        }
        CredentialValidationResult result = identities.validate(new UsernamePasswordCredential(username, password));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            throttle.failed(account, Shown.of(username), request.getRemoteAddr());
            logins.failed(Shown.of(username), request.getRemoteAddr(), "page");
            return redirect(response, loginPage + "?failed=1" + back);
        }
        throttle.succeeded(username, request.getRemoteAddr());
        logins.loggedIn(result.getCallerPrincipal().getName(), request.getRemoteAddr());
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

    private static UsernamePasswordCredential basicCredential(String base64) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static long seconds(LoginThrottle.Verdict verdict) {
        return Math.max(1, (verdict.retryAfter().toMillis() + 999) / 1000);
    }

    private static AuthenticationStatus tooManyFailures(HttpServletResponse response, LoginThrottle.Verdict verdict) {
        long seconds = seconds(verdict);
        response.setHeader("Retry-After", Long.toString(seconds));
        return problem(response, 429, "too-many-failed-logins", "Too many failed logins.",
                "Too many wrong passwords came from this address or for this user; try again in " + seconds + " s.");
    }

    /**
     * No {@code WWW-Authenticate: Basic} challenge: it would make a browser ask for the password and
     * then send it along with every later request, including those another site makes it send.
     */
    private static AuthenticationStatus unauthorized(HttpServletResponse response, String detail) {
        return problem(response, 401, "unauthenticated", "Authentication required.", detail);
    }

    private static AuthenticationStatus problem(HttpServletResponse response, int status, String code, String title, String detail) {
        try {
            response.setStatus(status);
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(Problem.json(status, code, title, detail));
        } catch (IOException e) {
            // the client went away; nothing more to tell it
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    private static AuthenticationStatus plain(HttpServletResponse response, int status, String words) {
        try {
            response.setStatus(status);
            response.setHeader("Connection", "close");
            response.setContentType("text/plain");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(words + "\n");
        } catch (IOException e) {
            // the client went away
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
