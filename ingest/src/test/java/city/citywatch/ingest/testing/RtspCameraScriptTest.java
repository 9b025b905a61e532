package city.citywatch.ingest.testing;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The camera simulator's own contract: one READY line, clean exit on SIGTERM, clear refusal of bad input. */
class RtspCameraScriptTest {
    private static final Path SCRIPT = TestVideos.repoRoot().resolve("scripts/rtsp-camera.py");

    private static Process run(List<String> args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(RtspTestServer.python(), SCRIPT.toString()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).start();
    }

    @Test
    void printsOneReadyLineAndExitsCleanlyOnSigterm() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = run(List.of("--port", Integer.toString(port), "--mount", "/a=" + TestVideos.highwayH264()));
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("READY rtsp://127.0.0.1:" + port);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void missingFileIsRefusedNamingIt() throws Exception {
        Process p = run(List.of("--port", "1", "--mount", "/a=does-not-exist.mp4"));
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("/a").contains("does-not-exist.mp4").contains("does not exist");
        assertThat(p.getInputStream().readAllBytes()).isEmpty();
    }

    @Test
    void onvifPortOutOfRangeIsRefusedNamingTheOption() throws Exception {
        Process p = run(List.of("--port", "1", "--mount", "/a=" + TestVideos.highwayH264(), "--onvif", "70000"));
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).contains("--onvif must be 0..65535");
    }

    @Test
    void mountWithoutPathOrFileIsRefused() throws Exception {
        Process p = run(List.of("--mount", "highway.mp4"));
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).contains("PATH=FILE");
    }
}
