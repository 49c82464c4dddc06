package org.imagerepo.accounting.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.accounting.model.UserAccount;
import org.imagerepo.accounting.repository.AccountingDatabase;
import org.imagerepo.support.identity.Caller;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Proves each user's usedBytes and imageCount against the catalog, which owns images (ADR 10), and with
 * {@code repair} sets them to the catalog's figures (announced as UsageChanged). Events applied between the
 * catalog's answer and a repair may move a user again; a second run shows whether anything is left.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    private static final int BATCH = 500;

    @Inject
    CatalogOwners catalog;

    @Inject
    AccountingDatabase database;

    @Inject
    UsageLedger ledger;

    public ReconciliationReport reconcile(Caller caller, boolean repair) {
        caller.requireAdmin("reconcile usage with the catalog");
        Map<String, CatalogOwners.Owner> truth = catalog.owners(caller.assertion());
        CatalogOwners.Owner none = new CatalogOwners.Owner(0, 0);
        List<ReconciliationReport.Drift> drift = new ArrayList<>();
        int checked = 0;
        for (int offset = 0; ; offset += BATCH) {
            int from = offset;
            List<UserAccount> users = QuarkusTransaction.requiringNew().call(() -> database.users().page(from, BATCH));
            for (UserAccount user : users) {
                CatalogOwners.Owner actual = truth.getOrDefault(user.username, none);
                if (user.usedBytes != actual.bytes() || user.imageCount != actual.images()) {
                    drift.add(new ReconciliationReport.Drift(user.username, user.usedBytes, actual.bytes(),
                            user.imageCount, actual.images()));
                }
            }
            checked += users.size();
            if (users.size() < BATCH) {
                break;
            }
        }
        int repaired = 0;
        if (repair) {
            for (ReconciliationReport.Drift d : drift) {
                boolean done = QuarkusTransaction.requiringNew().call(() -> database.users().lock(d.username())
                        .map(user -> {
                            ledger.set(user, d.actualBytes(), d.actualImages(), caller.username());
                            return true;
                        }).orElse(false));
                if (done) {
                    repaired++;
                    LOG.infof("reconciliation by %s repaired %s: usedBytes %d -> %d, imageCount %d -> %d",
                            caller.username(), d.username(), d.recordedBytes(), d.actualBytes(), d.recordedImages(),
                            d.actualImages());
                }
            }
        }
        LOG.infof("reconciliation by %s: %d users checked, %d drifted, %d repaired", caller.username(), checked,
                drift.size(), repaired);
        return new ReconciliationReport(checked, repaired, drift);
    }
}
