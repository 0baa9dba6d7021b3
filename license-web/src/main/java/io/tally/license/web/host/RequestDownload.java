package io.tally.license.web.host;

import io.tally.license.application.Overview;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The page's "Download licence request": the same file as {@code GET /api/host/request}, for the logged-in administrator. */
@WebServlet("/licence-request")
public class RequestDownload extends HttpServlet {

    @Inject
    Overview overview;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + HostResource.REQUEST_FILE_NAME + "\"");
        response.getWriter().write(overview.licenceRequest().text());
    }
}
