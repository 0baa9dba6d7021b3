package io.tally.license.web.security;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The login page, written by hand rather than by Faces: it must never create a session (an anonymous
 * visitor who makes thousands of them fills the heap), and it needs nothing Faces offers. Its exact
 * path wins over the Faces servlet's {@code *.xhtml}.
 */
@WebServlet(TallyAuthentication.LOGIN_PAGE)
public class LoginPage extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String message = "";
        String throttled = request.getParameter("throttled");
        if (throttled != null && throttled.matches("[0-9]{1,6}")) {
            message = "<div class=\"messages\"><span class=\"error\" id=\"login-error\">Too many failed logins: try again in "
                    + throttled + " s.</span></div>";
        } else if (request.getParameter("failed") != null) {
            message = "<div class=\"messages\"><span class=\"error\" id=\"login-error\">The user name or password is wrong.</span></div>";
        } else if (request.getParameter("out") != null) {
            message = "<div class=\"notice\">You are logged out.</div>";
        }
        String next = TallyAuthentication.safeNext(request.getParameter("next"));
        String context = request.getContextPath();
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("""
                <!DOCTYPE html>
                <html lang="en"><head>
                <meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>Log in · Tally</title>
                <link rel="stylesheet" href="%s/jakarta.faces.resource/tally.css.xhtml?ln=css"/>
                </head><body class="login">
                <form method="post" action="%s/login" class="card login-card">
                <h1>Tally</h1>
                <p class="sub">Licence administration</p>
                %s
                <label for="username">User name</label>
                <input id="username" name="username" autocomplete="username" autofocus="autofocus" required="required"/>
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required="required"/>
                <input type="hidden" name="next" value="%s"/>
                <button type="submit" id="login" class="primary">Log in</button>
                </form>
                </body></html>
                """.formatted(Html.escape(context), Html.escape(context), message, Html.escape(next)));
    }
}
