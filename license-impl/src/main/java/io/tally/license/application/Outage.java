package io.tally.license.application;

import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Something Tally tries again at every tick until it works: its failure is logged once when it
 * starts and once when it is over, never at every try, so the log stays readable during an outage.
 */
final class Outage {

    private final Logger log;
    private volatile boolean on;

    Outage(Logger log) {
        this.log = log;
    }

    void failed(Supplier<String> what) {
        if (!on) {
            on = true;
            log.warning(what.get() + "; trying again, saying so once until it works");
        }
    }

    void worked(String what) {
        if (on) {
            on = false;
            log.info(what);
        }
    }
}
