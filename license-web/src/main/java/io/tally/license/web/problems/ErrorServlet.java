package io.tally.license.web.problems;

import jakarta.faces.application.ProtectedViewException;
import jakarta.faces.application.ViewExpiredException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The container's error pages (web.xml), instead of Payara's page with a stack trace: a problem
 * document under {@code /api}, a short page with a way back everywhere else.
 */
@WebServlet("/error")
public class ErrorServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ErrorServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : 500;
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String incident = null;
        if (exception instanceof Throwable failure) {
            if (causedBy(failure, ProtectedViewException.class) && !response.isCommitted()) {
                // the licence page without its token (a bookmark, a login's next): the list is where its links are
                response.sendRedirect(request.getContextPath() + "/");
                return;
            }
            if (causedBy(failure, ViewExpiredException.class)) {
                status = 400;
            } else if (causedBy(failure, IOException.class)) {
                status = 408; // the client's body stopped coming or the client went away: nothing of ours failed
                LOG.fine(() -> "A request body did not arrive: " + failure);
            } else {
                status = 500;
                incident = UUID.randomUUID().toString();
                LOG.log(Level.WARNING, "Incident " + incident + " on " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), failure);
            }
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setCharacterEncoding("UTF-8");
        String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        if (uri.startsWith(request.getContextPath() + "/api")) {
            response.setContentType(Problem.MEDIA_TYPE);
            response.getWriter().write(Problem.json(status, problemCode(status), "HTTP " + status,
                    incident == null ? null : "The server log has the details under incident " + incident + "."));
        } else {
            response.setContentType("text/html");
            response.getWriter().write(page(status, incident, request.getContextPath()));
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String problemCode(int status) {
        return switch (status) {
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 408 -> "request-timeout";
            case 413 -> "too-large";
            default -> status >= 500 ? "internal-error" : "http-" + status;
        };
    }

    private static String page(int status, String incident, String contextPath) {
        String words = switch (status) {
            case 400 -> "The page had expired or the request was not understood. Please go back and try again.";
            case 403 -> "Your login may not do this.";
            case 404 -> "There is no such page.";
            case 408 -> "The request did not arrive in time. Please try again.";
            case 413 -> "That upload is too large: a licence file has at most 64 KiB.";
            default -> "Tally could not complete the request." + (incident == null ? "" : " The server log has the details under incident " + incident + ".");
        };
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tally</title>"
                + "<link rel=\"stylesheet\" href=\"" + contextPath + "/jakarta.faces.resource/tally.css.xhtml?ln=css\"></head>"
                + "<body class=\"error-page\"><h1>Tally</h1><p>" + words + "</p>"
                + "<p><a href=\"" + contextPath + "/\">Back to the licences</a></p></body></html>";
    }
}
