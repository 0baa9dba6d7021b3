package io.tally.license.web.page;

import io.tally.license.statements.StatementStore;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The licence page's statement downloads, for the logged-in administrator: {@code /statement?licence=ID&month=2026-10}. */
@WebServlet("/statement")
public class StatementDownload extends HttpServlet {

    @Inject
    StatementStore statements;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String licence = request.getParameter("licence");
        Optional<StatementStore.Stored> statement = Optional.empty();
        YearMonth month = null;
        try {
            month = YearMonth.parse(String.valueOf(request.getParameter("month")));
        } catch (DateTimeParseException e) {
            // not a month: there is no such statement
        }
        if (licence != null && licence.length() <= 64 && month != null) {
            statement = statements.find(licence, month);
        }
        response.setCharacterEncoding("UTF-8");
        response.setContentType("text/plain");
        if (statement.isEmpty()) {
            response.setStatus(404);
            response.getWriter().write("There is no such statement.\n");
            return;
        }
        response.setHeader("Content-Disposition", "attachment; filename=\"statement-" + licence.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + month + ".txt\"");
        response.getWriter().write(statement.get().text());
    }
}
