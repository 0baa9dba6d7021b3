package io.tally.license.web.page;

import io.tally.license.host.HostIdentity;
import io.tally.license.licences.LicenceFormat;
import io.tally.license.licences.LicenceRefusedException;
import io.tally.license.licences.service.ExpiryWarnings;
import io.tally.license.application.LicenceInstallation;
import io.tally.license.application.CapacityAlerts;
import io.tally.license.application.LicencePreview;
import io.tally.license.application.Overview;
import io.tally.license.application.RecentDecisions;
import io.tally.license.licences.Licence;
import io.tally.license.licences.Refusal;
import io.tally.license.licences.service.InstalledLicence;
import io.tally.license.licences.service.LicenceStatus;
import io.tally.license.transfers.MonthlyTransfers;
import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The Licences page: every installed licence, warnings, this host's identity, and the upload form. */
@Named
@ViewScoped
public class LicencesPage implements Serializable {

    @Inject
    LicenceInstallation installation;

    @Inject
    Overview overview;

    @Inject
    ExpiryWarnings expiry;

    @Inject
    HostIdentity host;

    @Inject
    CapacityAlerts capacity;

    @Inject
    RecentDecisions recent;

    private List<LicenceRow> rows;
    private String nearestExpiry;
    private List<String> banners;
    private List<String> recentDecisions;
    private String pasted;
    private byte[] awaiting;
    private transient LicencePreview preview;
    private transient Part file;

    /** Rows of the licence table per page: an installation with a thousand licences shows them a page at a time. */
    static final int PAGE = 25;
    /** Banners on the first screen at most; the rest are counted in one more. */
    static final int BANNERS = 12;

    private String after;
    private String nextAfter;
    private long licenceCount;

    @PostConstruct
    void load() {
        recentDecisions = recent.newestFirst().stream().map(d -> Texts.instant(d.at()) + ": " + d.words()).toList();
        after = FacesContext.getCurrentInstance() == null ? null
                : FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("after");
        if (after != null && !after.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            after = null; // not a licence id: the first page
        }
        List<Overview.LicenceOverview> shown = overview.licences(after, PAGE + 1);
        nextAfter = shown.size() > PAGE ? shown.get(PAGE - 1).installed().id() : null;
        rows = shown.stream().limit(PAGE).map(LicenceRow::of).toList();
        licenceCount = overview.licenceCount();
        // the warnings are about every licence, whichever page is shown (from a view at most a second old)
        List<Overview.LicenceOverview> overviews = overview.recentLicences();
        List<InstalledLicence> installed = overviews.stream().map(Overview.LicenceOverview::installed).toList();
        banners = new ArrayList<>();
        overview.clockBehind().ifPresent(behind -> banners.add(behind.describe()));
        noneBoundHere(installed).ifPresent(banners::add);
        for (Overview.LicenceOverview row : overviews) {
            InstalledLicence licence = row.installed();
            MonthlyTransfers month = row.month();
            if (licence.licence() != null && CapacityAlerts.reached(row.pointsUsed(), licence.licence().points(), capacity.pointsPercent())) {
                banners.add("Licence " + licence.id() + " uses " + row.pointsUsed() + " of its " + licence.licence().points()
                        + " points: ask the vendor for more before new pairs are refused.");
            }
            if (month.state() == MonthlyTransfers.CapState.OK && month.cap() != null
                    && CapacityAlerts.reached(month.records(), month.cap(), capacity.recordsPercent())) {
                banners.add("Licence " + licence.id() + " transferred " + Texts.count(month.records()) + " of its "
                        + Texts.count(month.cap()) + " records for " + month.month() + ".");
            }
            if (month.state() == MonthlyTransfers.CapState.CUT_OFF) {
                banners.add("Licence " + licence.id() + " passed its cap of transferred records plus buffer for " + month.month()
                        + ": its integrations are disabled until the month ends.");
            } else if (month.state() == MonthlyTransfers.CapState.WARNING) {
                banners.add("Licence " + licence.id() + " reached its cap of transferred records for " + month.month()
                        + " (" + Texts.count(month.records()) + " of " + Texts.count(month.cap()) + "); past " + Texts.count(month.limit())
                        + " its integrations are disabled.");
            }
        }
        installed.stream().filter(l -> l.licence() != null && l.status() == LicenceStatus.VALID)
                .min(java.util.Comparator.comparing(l -> l.licence().expire()))
                .ifPresent(l -> nearestExpiry = Texts.instant(l.licence().expire()) + " (" + l.id() + ")");
        for (ExpiryWarnings.Warning warning : expiry.warnings(installed)) {
 banners.add(warning.inGrace()
                    ? "Licence " + warning.licence().id() + " expired at " + Texts.instant(warning.licence().licence().expire()) + " and is in its grace: "
                    + (warning.graceDaysLeft() == 0 ? "less than a day" : warning.graceDaysLeft() + " days") + " left, until "
                    + Texts.instant(warning.licence().licence().end()) + ". Running integrations keep running; no new pair gets a point. Upload a renewal."
                    : warning.expired()
                    ? "Licence " + warning.licence().id() + " has expired: upload a renewed licence to enable its integrations again."
                    : "Licence " + warning.licence().id() + " expires in " + (warning.daysLeft() == 0 ? "less than a day" : warning.daysLeft() + " days")
                    + " (" + Texts.instant(warning.licence().licence().expire()) + "): ask the vendor for a renewal.");
        }
        banners = bounded(banners);
    }

    /** Installs the chosen file, or the pasted text when no file was chosen. */
    public String upload() {
        FacesContext faces = FacesContext.getCurrentInstance();
        try {
            if (moreThanOneLicence()) {
                // which one would be installed? The administrator decides, not the order of the form's parts
                faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, "Choose a licence file or paste one, not both.",
                        "The form carries more than one licence; nothing was installed."));
                return null;
            }
            byte[] content = content();
            if (content == null) {
                faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, "Choose a licence file or paste one.", null));
                return null;
            }
            LicencePreview preview = installation.previewUpload(content, user());
            if (preview.before() == null) {
                return install(content); // a new licence replaces nothing: no question to ask
            }
            awaiting = content; // a renewal: show what it changes, and install only on "Install"
            this.preview = preview;
            return null;
        } catch (LicenceRefusedException e) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, e.refusal().title(), e.detail() + " (" + e.refusal().code() + ")"));
            return null;
        } catch (IOException e) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, "The file could not be read.", e.getMessage()));
            return null;
        }
    }

    /** "Install" under the preview of a renewal. */
    public String confirmUpload() {
        byte[] content = awaiting;
        awaiting = null;
        preview = null;
        if (content == null) {
            return null;
        }
        try {
            return install(content);
        } catch (LicenceRefusedException e) {
            FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, e.refusal().title(),
                    e.detail() + " (" + e.refusal().code() + ")"));
            return null;
        }
    }

    /** "Keep the installed licence": nothing is stored. */
    public String cancelUpload() {
        awaiting = null;
        preview = null;
        return null;
    }

    private String install(byte[] content) {
        InstalledLicence installed = installation.upload(content, user());
        FacesContext.getCurrentInstance().getExternalContext().getFlash().put("uploaded", "Licence " + installed.id() + " is installed.");
        return "index?faces-redirect=true";
    }

    private static String user() {
        String user = FacesContext.getCurrentInstance().getExternalContext().getRemoteUser();
        return user == null ? "unknown" : user;
    }

    /** The renewal awaiting "Install", in words for the page; null when there is none. */
    public List<String> getPreviewLines() {
        if (preview == null) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        Licence before = preview.before();
        Licence after = preview.after();
        lines.add("Points: " + before.points() + " → " + after.points());
        lines.add("Records per month: " + cap(before) + " → " + cap(after));
        lines.add("Expires: " + Texts.instant(before.expire()) + " → " + Texts.instant(after.expire()));
        lines.add("Systems: " + before.systemA() + " – " + before.systemB() + " → " + after.systemA() + " – " + after.systemB());
        preview.moved().forEach(m -> lines.add("Pair " + m.first() + " – " + m.second() + " moves to licence " + m.toLicenceId()));
        preview.disabled().forEach(d -> lines.add("Integration " + d.integrationId() + " would be disabled"));
        if (preview.moved().isEmpty() && preview.disabled().isEmpty()) {
            lines.add("No integration is disabled and no pair moves.");
        }
        return lines;
    }

    public String getPreviewTitle() {
        return preview == null ? null : "Licence " + preview.licenceId() + " is installed: this upload replaces it.";
    }

    private static String cap(Licence licence) {
        return licence.transferredRecordsPerMonth() == null ? "unlimited" : Texts.count(licence.transferredRecordsPerMonth());
    }

    private byte[] content() throws IOException {
        if (file != null && file.getSize() > 0) {
            if (file.getSize() > LicenceFormat.MAX_BYTES) {
                throw new LicenceRefusedException(Refusal.TOO_LARGE,
                        "The file has " + file.getSize() + " bytes; a licence file has at most " + LicenceFormat.MAX_BYTES + ".");
            }
            try (InputStream in = file.getInputStream()) {
                return in.readNBytes(LicenceFormat.MAX_BYTES + 1);
            }
        }
        if (pasted != null && !pasted.isBlank()) {
            // a browser sends a text area's lines with CRLF, which the format reads as LF
            return pasted.getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }

    private boolean moreThanOneLicence() throws IOException {
        boolean chosen = file != null && file.getSize() > 0;
        boolean typed = pasted != null && !pasted.isBlank();
        return chosen && typed || sentTwice("upload:file") || sentTwice("upload:pasted");
    }

    private static boolean sentTwice(String field) throws IOException {
        HttpServletRequest request = (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
        try {
            return request.getParts().stream().filter(part -> field.equals(part.getName())).count() > 1;
        } catch (ServletException notMultipart) {
            return false;
        }
    }

    public List<LicenceRow> getRows() {
        return rows;
    }

    /** The licence id this page of the table starts after, or {@code null} on the first page. */
    public String getAfter() {
        return after;
    }

    /** The cursor of the next page of the table, or {@code null} on the last. */
    public String getNextAfter() {
        return nextAfter;
    }

    public long getLicenceCount() {
        return licenceCount;
    }

    /** The earliest expiry among the valid licences, or {@code null}. */
    public String getNearestExpiry() {
        return nearestExpiry;
    }

    /** The last decisions Tally made on its own (moves, disablings), newest first, in words. */
    public List<String> getRecentDecisions() {
        return recentDecisions;
    }

    public List<String> getBanners() {
        return banners;
    }

    /** The warning when licences are installed and none is bound to this server (another host's, or every node's but this one's). */
    static java.util.Optional<String> noneBoundHere(List<InstalledLicence> installed) {
        if (installed.isEmpty() || installed.stream().anyMatch(InstalledLicence::boundHere)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("None of the " + installed.size() + " installed licences is bound to this server's addresses (see \"This host\"), "
                + "so every new pair is refused. Ask the vendor for a licence bound to one of them, or, behind a load balancer "
                + "or on several nodes, set tally.host.addresses to the address the licences name, the same on every node.");
    }

    /** At most {@value #BANNERS} banners; when there are more, the last one says how many are left out. */
    static List<String> bounded(List<String> banners) {
        if (banners.size() <= BANNERS) {
            return banners;
        }
        List<String> first = new ArrayList<>(banners.subList(0, BANNERS - 1));
        first.add("… and " + (banners.size() - BANNERS + 1) + " more warnings about other licences: see the licences below.");
        return first;
    }

    public String getHostAddresses() {
        return String.join(", ", host.addresses().all());
    }

    public List<String> getHostAddressList() {
        return List.copyOf(host.addresses().all());
    }

    public String getPasted() {
        return pasted;
    }

    public void setPasted(String pasted) {
        this.pasted = pasted;
    }

    public Part getFile() {
        return file;
    }

    public void setFile(Part file) {
        this.file = file;
    }
}
