package org.imagerepo.accounting.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A page of images' books, newest registration first; {@code count} is how many this answer holds. */
@Schema(name = "ImageBooksPage")
public record ImageHistoryList(int count, List<ImageHistory> images) {

    public static ImageHistoryList of(List<ImageHistory> images) {
        return new ImageHistoryList(images.size(), images);
    }
}
