package io.tally.license.it.bare;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The benchmark's yardstick: JAX-RS on the same Payara Micro, with none of Tally in it. */
@ApplicationPath("api")
public class BareApplication extends Application {
}
