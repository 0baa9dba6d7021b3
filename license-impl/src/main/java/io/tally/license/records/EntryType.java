package io.tally.license.records;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a record entry says happened; its code is what the record stores and the API filters on. */
public enum EntryType {
    LICENCE_UPLOADED,
    UPLOAD_REFUSED,
    LICENCE_RENEWED,
    RENEWAL_PENDING,
    RENEWAL_TOOK_OVER,
    LICENCE_REMOVED,
    VALIDITY_STARTED,
    GRACE_BEGUN,
    LICENCE_EXPIRED,
    GRACE_ENDED,
    EXPIRY_WARNING,
    CAPACITY_ALERT,
    POINT_TAKEN,
    POINT_RELEASED,
    POINT_MOVED,
    INTEGRATION_DISABLED,
    CAP_WARNING,
    CUT_OFF,
    CUT_OFF_LIFTED,
    MONTH_CLOSED,
    MONTH_STARTED,
    CLOCK_BEHIND,
    CLOCK_RIGHT,
    LOGIN,
    LOGIN_FAILED;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<EntryType> ofCode(String code) {
        return Arrays.stream(values()).filter(type -> type.code().equals(code)).findFirst();
    }
}
