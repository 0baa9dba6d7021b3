package io.tally.license.it.platform;

import io.tally.license.spi.RequiresCapability;
import jakarta.enterprise.context.ApplicationScoped;

/** A platform feature that a licence must grant, as a platform guards one. */
@ApplicationScoped
public class SsoFeature {

    @RequiresCapability("sso")
    public String logIn(String user) {
        return "welcome " + user;
    }
}
