package org.imagerepo.triggers.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "RuleList")
public record RuleList(int count, List<RuleView> rules) {

    public static RuleList of(List<RuleView> rules) {
        return new RuleList(rules.size(), rules);
    }
}
