package io.tally.license.web.page;

import io.tally.license.records.RecordExporter;
import io.tally.license.records.RecordQuery;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The page's export of the whole record, for the logged-in administrator: the same lines as {@code GET /api/records/export}. */
@WebServlet("/record-export")
public class RecordExport extends HttpServlet {

    @Inject
    RecordExporter exporter;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean csv = "csv".equals(request.getParameter("format"));
        response.setContentType(csv ? "text/csv" : "application/x-ndjson");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"tally-record." + (csv ? "csv" : "jsonl") + "\"");
        exporter.export(RecordQuery.ALL, csv, response.getWriter());
    }
}
