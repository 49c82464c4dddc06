package org.imagerepo.accounting.rest;

import java.util.List;

/** A page of images' books, newest registration first; {@code count} is how many this answer holds. */
public record ImageHistoryList(int count, List<ImageHistory> images) {

    public static ImageHistoryList of(List<ImageHistory> images) {
        return new ImageHistoryList(images.size(), images);
    }
}
