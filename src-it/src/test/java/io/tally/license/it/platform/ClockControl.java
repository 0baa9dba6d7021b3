package io.tally.license.it.platform;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns the test deployment's clock back, or puts it right, for tests that drive the page from
 * outside the server: {@code POST /api/it-clock?behind-minutes=N}, or without a parameter to reset. Only
 * in test deployments, and behind the WAR's administrator login like every other path.
 */
@WebServlet("/api/it-clock") // under /api: HTTP Basic, as a program calls it
public class ClockControl extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        String behind = request.getParameter("behind-minutes");
        if (behind == null) {
            TestClock.reset();
        } else {
            TestClock.moveTo(Instant.now().minus(Duration.ofMinutes(Long.parseLong(behind))));
        }
        response.setStatus(204);
    }
}
