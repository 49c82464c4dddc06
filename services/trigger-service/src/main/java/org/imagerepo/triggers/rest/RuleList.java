package org.imagerepo.triggers.rest;

import java.util.List;

public record RuleList(int count, List<RuleView> rules) {

    public static RuleList of(List<RuleView> rules) {
        return new RuleList(rules.size(), rules);
    }
}
