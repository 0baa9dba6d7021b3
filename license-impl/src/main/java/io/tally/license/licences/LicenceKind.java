package io.tally.license.licences;

import java.util.Locale;

/** What kind of agreement a licence stands for; the issuer decides, Tally shows it. */
public enum LicenceKind {
    SUBSCRIPTION, PERPETUAL, TRIAL;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    static LicenceKind fromText(String text) {
        for (LicenceKind kind : values()) {
            if (kind.text().equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind must be one of subscription, perpetual, trial, not '" + text + "'");
    }
}
