package io.tally.license.web.page;

import io.tally.license.application.LicencePreview;
import io.tally.license.licences.Licence;
import io.tally.license.application.LicenceInstallation;
import io.tally.license.application.Overview;
import io.tally.license.licences.service.InstalledLicence;
import io.tally.license.licences.service.LicenceNotFoundException;
import io.tally.license.transfers.MonthlyTransfers;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** One licence: its attributes, the pairs holding its points, its monthly history, and its removal. */
@Named
@ViewScoped
public class LicencePage implements Serializable {

    /** One pair holding a point, as shown. */
    public record PairRow(String first, String second, String integrations) implements Serializable {
    }

    /** One bar of the history chart, in SVG user units (the chart is 600 × 200). */
    public record Bar(double x, double y, double width, double height, String label, String value, String state) implements Serializable {
    }

    @Inject
    LicenceInstallation installation;

    @Inject
    Overview overview;

    @Inject
    io.tally.license.statements.StatementStore statements;

    private List<String> statementMonths = List.of();
    private List<String> moving = List.of();
    private List<PairRow> disabledPairs = List.of();

    /** The pairs the page lists; the rest are counted ("and N more"), and the API pages through all. */
    static final int PAIRS_SHOWN = 100;

    private String id;
    private boolean confirming;
    private InstalledLicence installed;
    private Overview.LicenceOverview current;
    private List<PairRow> pairs;
    private List<String> affected;
    private List<Bar> bars;
    private Double capLine;

    /** Reads the licence named by the view parameter {@code id}. */
    public void load() {
        try {
            current = overview.licence(id == null ? "" : id);
            installed = current.installed();
        } catch (LicenceNotFoundException e) {
            installed = null;
            return;
        }
        statementMonths = statements.of(installed.id()).stream().map(s -> s.month().toString()).toList();
        pairs = new ArrayList<>();
        affected = new ArrayList<>();
        for (Overview.PairView holding : overview.pairs(installed.id(), PAIRS_SHOWN)) {
            pairs.add(new PairRow(holding.first().toString(), holding.second().toString(),
                    holding.integrationIds().isEmpty() ? "(none enabled)" : String.join(", ", holding.integrationIds())));
            affected.addAll(holding.integrationIds());
        }
        chart(overview.history(installed.id()));
    }

    private void chart(List<MonthlyTransfers> months) {
        bars = new ArrayList<>();
        List<MonthlyTransfers> shown = months.subList(Math.max(0, months.size() - 12), months.size());
        long top = 1;
        for (MonthlyTransfers month : shown) {
            top = Math.max(top, Math.max(month.records(), month.limit() == null ? 0 : month.limit()));
        }
        double slot = 560.0 / Math.max(6, shown.size());
        for (int i = 0; i < shown.size(); i++) {
            MonthlyTransfers month = shown.get(i);
            double height = 150.0 * month.records() / top;
            bars.add(new Bar(30 + i * slot + slot * 0.15, 170 - height, slot * 0.7, height, month.month(), Texts.count(month.records()),
                    month.state().cssClass()));
        }
        MonthlyTransfers current = months.get(months.size() - 1);
        capLine = current.cap() == null ? null : 170 - 150.0 * current.cap() / top;
    }

    /** Asks for the confirmation, showing what the removal would do: pairs that move to another licence, integrations disabled. */
    public void askRemoval() {
        LicencePreview preview = installation.previewRemoval(installed.id());
        java.util.Set<String> movedPairs = new java.util.HashSet<>();
        moving = new ArrayList<>();
        for (io.tally.license.spi.LicensingEvent.PointMoved moved : preview.moved()) {
            moving.add(moved.first() + " – " + moved.second() + " moves to licence " + moved.toLicenceId());
            movedPairs.add(moved.first() + " – " + moved.second());
            movedPairs.add(moved.second() + " – " + moved.first());
        }
        disabledPairs = pairs.stream().filter(pair -> !movedPairs.contains(pair.first() + " – " + pair.second())).toList();
        affected = preview.disabled().stream().map(io.tally.license.spi.LicensingEvent.IntegrationDisabled::integrationId).toList();
        confirming = true;
    }

    public List<String> getMoving() {
        return moving;
    }

    public List<PairRow> getDisabledPairs() {
        return disabledPairs;
    }

    public void cancelRemoval() {
        confirming = false;
    }

    public String remove() {
        installation.remove(installed.id());
        FacesContext.getCurrentInstance().getExternalContext().getFlash().put("uploaded",
                "Licence " + installed.id() + " is removed" + (affected.isEmpty() ? "." : "; disabled: " + String.join(", ", affected) + "."));
        return "index?faces-redirect=true";
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public boolean isFound() {
        return installed != null;
    }

    public boolean isConfirming() {
        return confirming;
    }

    public LicenceRow getRow() {
        return LicenceRow.of(current);
    }

    public Licence getLicence() {
        return installed.licence();
    }

    public List<PairRow> getPairs() {
        return pairs;
    }

    /** How many pairs hold a point beyond those listed. */
    public long getMorePairs() {
        return current == null ? 0 : Math.max(0, current.pointsUsed() - pairs.size());
    }

    public List<String> getAffected() {
        return affected;
    }

    public List<Bar> getBars() {
        return bars;
    }

    public Double getCapLine() {
        return capLine;
    }

    public List<String> getStatementMonths() {
        return statementMonths;
    }
}
