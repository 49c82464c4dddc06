// A MongoDB wire-protocol server for tests and the local stack, since MongoDB
// itself cannot be installed here (shared/INFRA.md). mongo-java-server has no
// main class of its own that binds a chosen address, hence this launcher, run
// with the JDK's single-file source launcher (no build step):
//
//   java -Xmx1g -cp '<cache>/mongo-java-server-1.47.0/libs/*' \
//       infra/mongo/MongoWireServer.java <port> <h2-file | :memory:>
//
// <h2-file>: the H2 (MVStore) backend keeps every database in that one file,
// so data survives restarts and GridFS chunks live on disk, not on the heap.
// ":memory:" selects the in-memory backend instead (all bytes on the heap).
// Binds 127.0.0.1 only. Prints "MongoWireServer ready on 127.0.0.1:<port>"
// once it accepts connections; TERM closes the store cleanly (shutdown hook).
//
// Not a MongoDB: no $text, no transactions/sessions, no change streams; a
// large GridFS download needs a small cursor batch size (see shared/INFRA.md).
// Commands run one at a time: mongo-java-server's backends are not safe under
// concurrent writers to one collection (a ConcurrentModificationException
// inside the server, seen by the client as "Prematurely reached end of
// stream"), and a real MongoDB serialises such writes per document anyway.

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;

public class MongoWireServer {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: MongoWireServer <port> <h2-file | :memory:>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String store = args[1];

        MongoBackend backend;
        String what;
        if (store.equals(":memory:")) {
            backend = new MemoryBackend();
            what = "in-memory backend";
        } else {
            Path file = Path.of(store).toAbsolutePath();
            Files.createDirectories(file.getParent());
            // MVStore page cache in MB (H2's default is 16): documents beyond it
            // are read back from the file, so the heap stays small for GridFS.
            int cacheMb = Integer.getInteger("imagerepo.mongo.cacheMb", 64);
            MVStore mvStore = new MVStore.Builder()
                    .fileName(file.toString())
                    .cacheSize(cacheMb)
                    .open();
            backend = new H2Backend(mvStore);
            what = "H2 backend, file " + file;
        }

        MongoServer server = new MongoServer(serialised(backend));
        server.bind("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("MongoWireServer shutting down");
            // Closes the backend too: the MVStore writes its last changes.
            server.shutdown();
            System.out.println("MongoWireServer stopped");
        }, "shutdown"));
        System.out.println("MongoWireServer ready on 127.0.0.1:" + port + " (" + what
                + ", max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB)");
        // The server's Netty threads keep the JVM alive.
    }

    /** The backend behind one lock: every command (sync, or async completed in the call) in turn. */
    static MongoBackend serialised(MongoBackend backend) {
        Object lock = new Object();
        return (MongoBackend) Proxy.newProxyInstance(MongoBackend.class.getClassLoader(),
                new Class<?>[]{MongoBackend.class}, (proxy, method, args) -> {
                    synchronized (lock) {
                        try {
                            return method.invoke(backend, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }
}
