package io.tally.license.tool;

import io.tally.license.licences.LicenceKind;
import io.tally.license.licences.LicenceRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The issuing tool's command-line options as a {@link LicenceRequest}. */
final class RequestOptions {

    private RequestOptions() {
    }

    /** A request from command-line options ({@code --company ACME} is {@code company -> ACME}). */
    static LicenceRequest fromOptions(Map<String, String> options, Instant now) {
        LicenceRequest request = new LicenceRequest();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String value = option.getValue();
            switch (option.getKey()) {
                case "id" -> request.id(value);
                case "company" -> request.company(value);
                case "registered-to" -> request.registeredTo(value);
                case "email" -> request.email(value);
                case "points" -> request.points(Integer.parseInt(value));
                case "transferred-records" -> request.transferredRecordsPerMonth(Long.parseLong(value));
                case "bound-to" -> request.boundTo(String.join(", ", java.util.Arrays.stream(value.split(",")).map(String::strip).toList()));
                case "start" -> request.start(instant(value, now));
                case "expire" -> request.expire(instant(value, now));
                case "system-a" -> request.systemA(value);
                case "system-b" -> request.systemB(value);
                case "kind" -> request.kind(LicenceKind.valueOf(value.toUpperCase(Locale.ROOT)));
                case "edition" -> request.edition(value);
                case "capabilities" -> request.capabilities(value.isBlank() ? List.of() : List.of(value.split("\\s*,\\s*")));
                case "issued" -> request.issued(instant(value, now));
                case "grace-days" -> request.graceDays(Integer.parseInt(value));
                default -> throw new IllegalArgumentException("unknown option --" + option.getKey());
            }
        }
        return request;
    }

    /** {@code now}, {@code +30d}, {@code -2h}, a date (midnight UTC) or an ISO-8601 instant. */
    static Instant instant(String text, Instant now) {
        if (text.equals("now")) {
            return now.truncatedTo(ChronoUnit.SECONDS);
        }
        if (text.matches("[+-]\\d+[dhm]")) {
            long amount = Long.parseLong(text.substring(1, text.length() - 1)) * (text.charAt(0) == '-' ? -1 : 1);
            Duration step = switch (text.charAt(text.length() - 1)) {
                case 'd' -> Duration.ofDays(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofMinutes(amount);
            };
            return now.plus(step).truncatedTo(ChronoUnit.SECONDS);
        }
        if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(text);
    }

}
