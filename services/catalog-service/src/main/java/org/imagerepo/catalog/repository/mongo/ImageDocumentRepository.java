package org.imagerepo.catalog.repository.mongo;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Panache's access to the images collection (database: quarkus.mongodb.database). */
@ApplicationScoped
public class ImageDocumentRepository implements PanacheMongoRepositoryBase<ImageDocument, String> {
}
