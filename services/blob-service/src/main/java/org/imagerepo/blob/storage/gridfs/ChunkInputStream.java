package org.imagerepo.blob.storage.gridfs;

import com.mongodb.client.MongoCollection;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.Binary;
import org.imagerepo.blob.storage.StorageException;

import java.io.InputStream;

/**
 * Bytes {@code first} to {@code first + length - 1} of a GridFS file, read chunk by chunk from the chunk
 * that holds {@code first}: a ranged read costs only the chunks it touches, and one chunk at a time sits
 * in memory. Each chunk is fetched by its exact {@code (files_id, n)} key, the unique index every GridFS
 * bucket has, rather than by one sorted cursor: a server that sorts in memory (the wire-protocol server of
 * the tests) would otherwise load the whole file at once.
 */
final class ChunkInputStream extends InputStream {

    private final MongoCollection<Document> chunks;
    private final BsonValue fileId;
    private long remaining;
    private int nextChunk;
    private byte[] current = new byte[0];
    private int position;

    ChunkInputStream(MongoCollection<Document> chunks, BsonValue fileId, int chunkSize, long first, long length) {
        this.chunks = chunks;
        this.fileId = fileId;
        this.nextChunk = (int) (first / chunkSize);
        this.remaining = length;
        if (remaining > 0) {
            fetch((int) (first % chunkSize));
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (remaining <= 0) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        if (position >= current.length) {
            fetch(0);
        }
        int n = (int) Math.min(Math.min(length, current.length - position), remaining);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        remaining -= n;
        return n;
    }

    private void fetch(int skip) {
        // A plain two-key document, not Filters.and (which renders $and): servers match it to the index.
        Document chunk = chunks.find(new Document("files_id", fileId).append("n", nextChunk)).first();
        if (chunk == null) {
            throw new StorageException("GridFS file " + fileId + " lacks chunk " + nextChunk + ": it is damaged");
        }
        current = chunk.get("data", Binary.class).getData();
        if (skip >= current.length) {
            throw new StorageException("GridFS file " + fileId + " has a short chunk " + nextChunk + ": it is damaged");
        }
        position = skip;
        nextChunk++;
    }
}
