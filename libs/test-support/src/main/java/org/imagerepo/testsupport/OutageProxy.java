package org.imagerepo.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP relay in front of a real server that a test can take down and bring back, so that a client sees
 * exactly what it sees when the server stops mid-way: open connections are reset, new ones refused. It
 * is the same for every storage server (the Swift processes, S3Proxy, the MongoDB wire server), and the
 * server itself keeps its data for the recovery half of a test.
 */
public final class OutageProxy implements AutoCloseable {

    /** Relay ports: above every fixed port of the test servers and stacks, below the ephemeral range. */
    private static final int FIRST_PORT = 30000;
    private static final int LAST_PORT = 32767;

    private final InetSocketAddress upstream;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    private OutageProxy(InetSocketAddress upstream, ServerSocket listener) {
        this.upstream = upstream;
        this.listener = listener;
        this.port = listener.getLocalPort();
        accept(listener);
    }

    /**
     * Starts relaying from a free loopback port to {@code host:port}. The port is taken below Linux's
     * ephemeral range (32768 and up): while the relay is cut, an ephemeral port could be handed to some
     * outgoing connection and {@link #restore()} could not listen on it again.
     */
    public static OutageProxy to(String host, int port) {
        IOException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = FIRST_PORT + ThreadLocalRandom.current().nextInt(LAST_PORT - FIRST_PORT + 1);
            try {
                ServerSocket listener = new ServerSocket();
                listener.setReuseAddress(true);
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate));
                return new OutageProxy(new InetSocketAddress(host, port), listener);
            } catch (IOException e) {
                last = e; // taken: try another
            }
        }
        throw new UncheckedIOException("no free port for an outage relay in " + FIRST_PORT + "-" + LAST_PORT, last);
    }

    /** The port clients connect to instead of the server's. */
    public int port() {
        return port;
    }

    /** The server "stops": every open connection is reset and new connections are refused. */
    public synchronized void cut() {
        closeQuietly(listener);
        listener = null;
        for (Socket socket : open) {
            try {
                socket.setSoLinger(true, 0); // RST, as from a dead process
            } catch (SocketException ignored) {
                // already closed
            }
            closeQuietly(socket);
        }
        open.clear();
    }

    /** The server is back, on the same port. */
    public synchronized void restore() {
        if (listener != null) {
            return;
        }
        try {
            ServerSocket again = new ServerSocket();
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = again;
            accept(again);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port + " again", e);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private void accept(ServerSocket server) {
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    relay(server, client);
                } catch (IOException e) {
                    return; // cut
                }
            }
        }, "outage-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void relay(ServerSocket acceptedBy, Socket client) {
        Socket server = new Socket();
        try {
            server.connect(upstream, 5_000);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        synchronized (this) {
            if (listener != acceptedBy) {
                // Accepted just before a cut: the connection must not outlive it.
                closeQuietly(client);
                closeQuietly(server);
                return;
            }
            open.add(client);
            open.add(server);
        }
        pump(client, server);
        pump(server, client);
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
                to.shutdownOutput(); // pass the half-close on
                if (!from.isOutputShutdown()) {
                    return; // the other direction is still talking
                }
            } catch (IOException e) {
                // one side went away: take the other down too
            }
            open.remove(from);
            open.remove(to);
            closeQuietly(from);
            closeQuietly(to);
        }, "outage-proxy-pump-" + port);
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // best effort
        }
    }
}
