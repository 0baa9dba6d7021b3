package io.tally.license.web.requests;

/** A {@code Content-Length} header read without trusting it: digits only, any size. */
public final class DeclaredLength {

    private DeclaredLength() {
    }

    /** The declared length; {@code Long.MAX_VALUE} when beyond it; {@code -1} when it is not a number. */
    public static long parse(String header) {
        String digits = header.strip();
        if (digits.isEmpty()) {
            return -1;
        }
        long length = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (length > (Long.MAX_VALUE - 9) / 10) {
                return Long.MAX_VALUE;
            }
            length = length * 10 + (c - '0');
        }
        return length;
    }
}
