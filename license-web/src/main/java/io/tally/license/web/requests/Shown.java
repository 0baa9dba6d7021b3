package io.tally.license.web.requests;

/**
 * Text from a request as it may appear in an answer or a log line: control and format characters
 * shown as {@code ?}, at most 80 characters, so a hostile value cannot forge log lines or hide itself.
 */
public final class Shown {

    private static final int MAX = 80;

    private Shown() {
    }

    public static String of(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder shown = new StringBuilder(Math.min(text.length(), MAX + 1));
        text.codePoints().limit(MAX).forEach(c -> {
            int type = Character.getType(c);
            boolean hidden = Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE || type == Character.UNASSIGNED;
            shown.appendCodePoint(hidden ? '?' : c);
        });
        if (text.codePointCount(0, text.length()) > MAX) {
            shown.append('…');
        }
        return shown.toString();
    }
}
