package org.imagerepo.triggers.rules;

import org.imagerepo.triggers.model.ActionRecord;

import java.util.List;

/** A rule that scans the catalog: on its schedule ({@code every}) and on demand. */
public interface ScanRule {

    String name();

    /**
     * Scans once and acts, or with {@code dryRun} only records what it would do.
     *
     * @return the actions of this run, in the order taken
     */
    List<ActionRecord> run(boolean dryRun);
}
