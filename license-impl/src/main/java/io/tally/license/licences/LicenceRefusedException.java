package io.tally.license.licences;

/** A licence file that Tally will not accept, with the reason and a detail that says what exactly. */
public class LicenceRefusedException extends RuntimeException {

    private final Refusal refusal;

    public LicenceRefusedException(Refusal refusal, String detail) {
        super(detail);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }

    public String detail() {
        return getMessage();
    }
}
