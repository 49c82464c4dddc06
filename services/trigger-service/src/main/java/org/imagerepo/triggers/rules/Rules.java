package org.imagerepo.triggers.rules;

import java.util.List;
import java.util.Optional;

import static org.imagerepo.triggers.rules.SettingSpec.duration;
import static org.imagerepo.triggers.rules.SettingSpec.interval;
import static org.imagerepo.triggers.rules.SettingSpec.text;

/** The rules of trigger-service (ADR 10), the one list of their names and settings. */
public final class Rules {

    public static final String QUOTA = "quota";
    public static final String FAULTY_IMAGES = "faulty-images";
    public static final String UNUSED_IMAGES = "unused-images";
    public static final String RAIN_PRESTAGING = "rain-prestaging";

    /** Keys every rule has besides its own settings (in application.properties; in the API as enabled, dryRun). */
    public static final String ENABLED_KEY = "enabled";
    public static final String DRY_RUN_KEY = "dry-run";
    public static final String EVERY = "every";

    /** The actor of the events the service publishes. */
    public static final String ACTOR = "trigger-service";

    public static final List<RuleDefinition> ALL = List.of(
            new RuleDefinition(QUOTA, "Tells users when their usage passes their quota (uploads are then refused "
                    + "by accounting until they are back under it) and again when they are back under.",
                    RuleDefinition.Kind.EVENTS, List.of()),
            new RuleDefinition(FAULTY_IMAGES, "Removes images whose upload is stuck (pending longer than stuck-after; "
                    + "marked failed first) or failed (longer than failed-after), and records failed uploads as they happen; "
                    + "every verify-every, reads each image's copies back: a missing or corrupt copy is removed, an image "
                    + "with no intact copy marked failed.",
                    RuleDefinition.Kind.SCAN, List.of(
                            interval(EVERY, "10m", "how often the catalog is scanned"),
                            duration("stuck-after", "1h", "a pending image older than this (by createdDate) is stuck"),
                            duration("failed-after", "10m", "a failed image is removed this long after its upload failed"),
                            duration("verify-every", "P7D", "each available image's copies are read back and checked "
                                    + "against its size and SHA-256 this often (0: never)"))),
            new RuleDefinition(UNUSED_IMAGES, "Announces to their owners the available images not used for unused-after "
                    + "(last access, or registration if never accessed), and removes them grace-period after the "
                    + "announcement unless used meanwhile. Images tagged protected-tag are left alone.",
                    RuleDefinition.Kind.SCAN, List.of(
                            interval(EVERY, "1h", "how often the catalog is scanned"),
                            duration("unused-after", "P90D", "an image not used for this long is unused"),
                            duration("grace-period", "P7D", "how long after the announcement an unused image is removed"),
                            text("protected-tag", "protected", "images with this tag are never removed as unused"))),
            new RuleDefinition(RAIN_PRESTAGING, "Copies the image of each rain reservation to its target store lead-time "
                    + "before it starts and removes the copy (if it made it) release-delay after it ends; asks for a "
                    + "missing image to be generated.",
                    RuleDefinition.Kind.EVENTS, List.of(
                            duration("lead-time", "PT1H", "how long before the start the image is copied"),
                            duration("release-delay", "PT0S", "how long after the end the staged copy is removed"),
                            interval("copy-timeout", "PT30M", "how long a copy may take before it counts as failed"))));

    private Rules() {
    }

    public static Optional<RuleDefinition> find(String name) {
        return ALL.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(RuleDefinition::name).toList();
    }
}
