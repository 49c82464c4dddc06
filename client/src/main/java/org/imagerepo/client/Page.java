package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One page of a longer list (history, actions): the rows asked for and how many there are in all.
 *
 * @param total  how many rows there are in all (the rows of this page when the server did not say)
 * @param limit  the page size the server applied, or {@code null} when not told
 * @param offset how many rows were skipped, or {@code null} when not told
 * @param items  the rows of this page (never {@code null})
 * @param <T>    the row type
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"total", "limit", "offset", "items"})
public record Page<T>(long total, Integer limit, Integer offset, List<T> items) {

    public Page {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
