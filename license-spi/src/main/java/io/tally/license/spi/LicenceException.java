package io.tally.license.spi;

import jakarta.ejb.ApplicationException;

/**
 * Tally refused to let an integration run, or refused a transfer report. {@link #refusal()} says why
 * (stable codes, see {@link RefusalCode}); the message is for people and names the system types,
 * the instance pair and each candidate licence with its points used/total.
 *
 * <p>An application exception: thrown through an EJB it reaches the caller as itself, not wrapped
 * in an {@code EJBException}, and it does not mark the caller's transaction for rollback.
 */
@ApplicationException
public class LicenceException extends RuntimeException {

    private final RefusalCode refusal;

    /** @since 1.1 */
    public LicenceException(RefusalCode refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    /** @since 1.1 */
    public RefusalCode refusal() {
        return refusal;
    }

    /** The refusal's code as text: {@code no-free-point}. */
    public String code() {
        return refusal.code();
    }
}
