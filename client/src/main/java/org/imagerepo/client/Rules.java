package org.imagerepo.client;

import java.util.List;
import java.util.Objects;

/**
 * trigger-service's rules ({@code /api/v1/rules}) and what they did ({@code /api/v1/actions}); admins only.
 * From {@link ImageRepoClient#rules()}.
 */
public final class Rules {

    private static final String RULES = "/api/v1/rules";
    private static final String ACTIONS = "/api/v1/actions";

    private final Transport transport;

    Rules(Transport transport) {
        this.transport = transport;
    }

    /** Every rule. */
    public List<Rule> list() {
        return transport.callForList(transport.request(RULES), Rule.class, "rules", 200);
    }

    /** One rule; {@link NotFoundException} if there is none of that name. */
    public Rule show(String name) {
        return transport.call(transport.request(rulePath(name)), Rule.class, 200);
    }

    /**
     * Changes a rule's {@code enabled}, {@code dryRun} or settings; returns the rule as it is afterwards. Unknown
     * settings and bad values are {@link BadRequestException}s naming them.
     */
    public Rule update(String name, RuleUpdate update) {
        Objects.requireNonNull(update, "update");
        return transport.call(transport.jsonRequest("PATCH", rulePath(name), update), Rule.class, 200);
    }

    /**
     * Runs a scanning rule now and returns what it did; with {@code dryRun} it only records what it would do,
     * whatever the rule's own setting.
     */
    public List<TriggerAction> run(String name, boolean dryRun) {
        return transport.callForList(transport.emptyRequest("POST", rulePath(name) + "/runs"
                        + (dryRun ? "?dryRun=true" : ""))
                .timeout(Transport.TRANSFER_TIMEOUT), // a run may copy or remove images before it answers
                TriggerAction.class, "actions", 200, 201);
    }

    /**
     * What the rules did, newest first, a page at a time; {@code rule} and {@code subject} narrow it down
     * ({@code null}: all).
     */
    public Page<TriggerAction> actions(String rule, String subject, Integer limit, Integer offset) {
        String path = ACTIONS + new ApiPaths.Query().add("rule", rule).add("subject", subject).add("limit", limit)
                .add("offset", offset);
        return transport.callForPage(transport.request(path), TriggerAction.class, "actions", 200);
    }

    private static String rulePath(String name) {
        return RULES + "/" + ApiPaths.segment(name, "rule");
    }
}
