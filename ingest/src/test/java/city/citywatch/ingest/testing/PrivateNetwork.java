package city.citywatch.ingest.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a shell script in a private network namespace ({@code unshare -n}, needs root as in CI) whose only
 * interface is a loopback with multicast enabled and a multicast route. WS-Discovery probes (ours and
 * onvif-util's, which probes every time it starts) then loop back to the simulators in the namespace and never
 * reach a real network, where multicasting from this machine is not allowed. The script also gets its own PID
 * namespace: when it ends (or is killed), the kernel ends the simulators it left in the background.
 */
public final class PrivateNetwork {
    private static final String SETUP = "set -e; ip link set lo up; ip link set lo multicast on; "
            + "ip route add 224.0.0.0/4 dev lo; set +e; ";

    private PrivateNetwork() {
    }

    public record Result(int exitCode, String output) {
    }

    public static Result run(String script, long timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(List.of("unshare", "-n", "-p", "-f", "--kill-child", "sh", "-c", SETUP + script)).redirectErrorStream(true).start();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (Exception e) {
                out[0] = ("<output unreadable: " + e + ">").getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            reader.join(5000);
            throw new IllegalStateException("script in the private network did not finish within " + timeoutSeconds
                    + " s; output so far:\n" + (out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8)));
        }
        reader.join(10_000);
        String output = out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8);
        if (output.contains("unshare failed") || output.contains("unshare: ")) {
            throw new IllegalStateException("cannot create a private network namespace (tests need root, as CI has): " + output);
        }
        return new Result(p.exitValue(), output);
    }

    /** Shell-quotes one argument. */
    public static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Shell lines starting the ONVIF camera simulator in the background and waiting (≤ 30 s) for its READY line. */
    public static String startSimulator(String name, int rtspPort, List<String> mounts, String options) {
        String script = TestVideos.repoRoot().resolve("scripts/rtsp-camera.py").toString();
        StringBuilder m = new StringBuilder();
        for (String mount : mounts) m.append(" --mount ").append(q(mount));
        String log = "\"${TMPDIR:-/tmp}\"/onvif-sim-$$-" + name + ".log";
        return RtspTestServer.python() + " " + q(script) + " --port " + rtspPort + m + " " + options + " > " + log + " 2>&1 & "
                + "for i in $(seq 1 300); do grep -q '^READY' " + log + " && break; sleep 0.1; done; "
                + "grep -q '^READY' " + log + " || { echo 'simulator " + name + " did not start:'; cat " + log + "; exit 97; }; ";
    }
}
