package io.tally.license.web.page;

import io.tally.license.records.Chain;
import io.tally.license.records.EntryType;
import io.tally.license.records.EntryWords;
import io.tally.license.records.LicensingRecord;
import io.tally.license.records.RecordQuery;
import io.tally.license.records.RecordVerification;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * The "Licensing record" tab: a page of entries in words, newest first, filtered by licence and type
 * (a plain GET form: the filters are in the address, nothing changes), and the chain's verification.
 */
@Named
@RequestScoped
public class RecordsPage {

    static final int PAGE = 50;
    /** How old a verification the page shows before it walks the chain again. */
    static final Duration FRESH = Duration.ofMinutes(1);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** One entry as shown. */
    public record Row(long seq, String time, String actor, String type, String licence, String text) {
    }

    @Inject
    LicensingRecord record;

    @Inject
    RecordVerification verification;

    private String licence;
    private String type;
    private String after;
    private boolean verifyNow;
    private String problem;
    private List<Row> rows = List.of();
    private Long next;
    private RecordVerification.Checked checked;

    public void load() {
        EntryType entryType = null;
        if (type != null && !type.isEmpty()) {
            entryType = EntryType.ofCode(type).orElse(null);
            if (entryType == null) {
                problem = "There is no entry type '" + io.tally.license.web.requests.Shown.of(type) + "'.";
                type = null;
            }
        }
        if (licence != null && (licence.isBlank() || licence.length() > 64)) {
            problem = "A licence id has 1 to 64 characters.";
            licence = null;
        }
        Long cursor = null;
        if (after != null && !after.isEmpty()) {
            if (after.matches("[0-9]{1,18}")) {
                cursor = Long.parseLong(after);
            } else {
                problem = "That page does not exist; here are the newest entries.";
            }
        }
        List<Chain.Entry> entries = record.newestFirst(new RecordQuery(blankToNull(licence), entryType, null, null), cursor, PAGE + 1);
        if (entries.size() > PAGE) {
            entries = entries.subList(0, PAGE);
            next = entries.get(PAGE - 1).seq();
        }
        rows = entries.stream().map(e -> new Row(e.seq(), TIME.format(Instant.ofEpochMilli(e.at())), e.actor(), e.type(),
                e.licenceId() == null ? "" : e.licenceId(), EntryWords.describe(e))).toList();
        checked = verification.recent(verifyNow ? Duration.ZERO : FRESH);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** The query string of a page of these filters, from the cursor on (null: the newest). */
    public String query(Long cursor) {
        StringBuilder query = new StringBuilder("?licence=").append(encode(licence)).append("&type=").append(encode(type));
        if (cursor != null) {
            query.append("&after=").append(cursor);
        }
        return query.toString();
    }

    private static String encode(String value) {
        return value == null ? "" : java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    public List<String> types() {
        return Arrays.stream(EntryType.values()).map(EntryType::code).toList();
    }

    public String verificationText() {
        RecordVerification.Result result = checked.result();
        return result.intact() ? "Chain intact, " + result.entries() + " entries (checked " + TIME.format(checked.at()) + ")."
                : "Chain broken at entry " + result.brokenAt() + ": " + result.problem() + " (checked " + TIME.format(checked.at()) + ").";
    }

    public boolean intact() {
        return checked.result().intact();
    }

    public List<Row> getRows() {
        return rows;
    }

    public Long getNext() {
        return next;
    }

    public String getProblem() {
        return problem;
    }

    public String getLicence() {
        return licence;
    }

    public void setLicence(String licence) {
        this.licence = licence;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getAfter() {
        return after;
    }

    public void setAfter(String after) {
        this.after = after;
    }

    public boolean isVerifyNow() {
        return verifyNow;
    }

    public void setVerifyNow(boolean verifyNow) {
        this.verifyNow = verifyNow;
    }
}
