package city.citywatch.ingest.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a real RTSP server (RTSP over TCP, interleaved) that can stop passing the video: after
 * {@link #stallVideo()} it drops the interleaved RTP frames (even channels) but keeps passing RTSP replies and RTCP
 * (odd channels), so the session stays alive and the socket never goes quiet. That is the camera a socket timeout
 * does not catch and a watchdog must.
 */
public final class StallingRtspProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean stalled;

    public StallingRtspProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("stalling-proxy-accept").start(this::acceptLoop);
    }

    public URI uri(String mount) {
        return URI.create("rtsp://127.0.0.1:" + listener.getLocalPort() + mount);
    }

    public void stallVideo() {
        stalled = true;
    }

    public void resumeVideo() {
        stalled = false;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofPlatform().daemon().start(() -> copy(client, upstream));
                Thread.ofPlatform().daemon().start(() -> filter(upstream, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // either side went away: the session is over
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Server → client: interleaved frames ({@code $ ch len data}) and RTSP messages, one at a time. */
    private void filter(Socket from, Socket to) {
        try (DataInputStream in = new DataInputStream(from.getInputStream()); OutputStream out = to.getOutputStream()) {
            while (true) {
                int first = in.read();
                if (first < 0) return;
                if (first == '$') {
                    int channel = in.readUnsignedByte();
                    int length = in.readUnsignedShort();
                    byte[] data = in.readNBytes(length);
                    if (data.length < length) throw new EOFException();
                    if (stalled && channel % 2 == 0) continue;
                    out.write('$');
                    out.write(channel);
                    out.write(length >> 8);
                    out.write(length & 0xff);
                    out.write(data);
                } else {
                    out.write(message(first, in));
                }
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** An RTSP message whose first byte was read: header lines up to the blank line, then Content-Length bytes. */
    private static byte[] message(int first, DataInputStream in) throws IOException {
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        msg.write(first);
        StringBuilder line = new StringBuilder().append((char) first);
        int contentLength = 0;
        while (true) {
            int b = in.read();
            if (b < 0) throw new EOFException();
            msg.write(b);
            if (b == '\n') {
                String l = line.toString().trim();
                if (l.isEmpty()) break;
                if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    contentLength = Integer.parseInt(l.substring(15).trim());
                }
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
        msg.write(in.readNBytes(contentLength));
        return msg.toByteArray();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) closeQuietly(s);
    }
}
