package io.tally.license.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Tally's REST interface, under {@code /api}. */
@ApplicationPath("api")
public class TallyApplication extends Application {
}
