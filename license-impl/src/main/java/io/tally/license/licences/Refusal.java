package io.tally.license.licences;

/**
 * Why a licence file was refused. The {@link #code()} is stable: REST clients, the page and
 * the logs all use it; the message is for people and may change.
 */
public enum Refusal {
    EMPTY_FILE("empty-file", "The licence file is empty."),
    TOO_LARGE("too-large", "The licence file is too large."),
    NOT_TEXT("not-text", "The licence file is not UTF-8 text; is it a licence file at all?"),
    MALFORMED("malformed-file", "The licence file is malformed."),
    UNSUPPORTED_VERSION("unsupported-version", "The licence file has a format version this Tally does not read."),
    DUPLICATE_FIELD("duplicate-field", "A field appears twice in the licence file."),
    UNKNOWN_FIELD("unknown-field", "The licence file has a field this format does not define."),
    TRAILING_BYTES("trailing-bytes", "There is something after the signature of the licence file."),
    UNKNOWN_KEY("unknown-key", "The licence is signed by a key this Tally does not trust."),
    BAD_SIGNATURE("bad-signature", "The licence signature does not match its contents: the file was changed after signing."),
    WRONG_HOST("wrong-host", "The licence is bound to another host."),
    EXPIRED("expired", "The licence has already expired."),
    ISSUED_IN_FUTURE("issued-in-future", "The licence's issue time is in the future."),
    NOT_VALID_FOR_THIS_BUILD("not-valid-for-this-build", "The perpetual licence's maintenance ended before this build was made."),
    TRIAL_RENEWAL("trial-renewal", "A trial cannot be renewed into another trial."),
    NOT_NEWER("not-newer", "A licence with this id and the same or a later issue time is already installed.");

    private final String code;
    private final String title;

    Refusal(String code, String title) {
        this.code = code;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }
}
