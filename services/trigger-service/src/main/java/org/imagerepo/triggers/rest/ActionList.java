package org.imagerepo.triggers.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A page of actions, newest first; {@code count} is how many this answer holds. */
@Schema(name = "ActionPage")
public record ActionList(int count, List<ActionView> actions) {

    public static ActionList of(List<ActionView> actions) {
        return new ActionList(actions.size(), actions);
    }
}
