package io.tally.license.web.requests;

import io.tally.license.web.problems.PayloadTooLargeException;
import io.tally.license.web.problems.RequestTimeoutException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Reads a request body whole, within a size and a time. The listener's read timeout bounds the wait
 * for each next byte; this bounds the whole body, so a client sending a byte every few seconds cannot
 * hold a request thread for long either.
 */
public final class Bodies {

    /** How long a body may take in all, from the first read. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private Bodies() {
    }

    public static byte[] read(InputStream in, int limit) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int total = 0;
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > limit) {
                    throw new PayloadTooLargeException(limit);
                }
                body.write(buffer, 0, n);
                if (System.nanoTime() - deadline > 0) {
                    throw new RequestTimeoutException("The request body took longer than " + DEADLINE.toSeconds() + " s to arrive.");
                }
            }
        } catch (IOException e) {
            // a read that timed out, or a client that went away before its declared length arrived
            throw new RequestTimeoutException("The request body did not arrive: fewer bytes came than its Content-Length declares, or too slowly.");
        }
        return body.toByteArray();
    }
}
