package city.citywatch.ingest.onvif;

import city.citywatch.ingest.testing.OnvifVideos;
import city.citywatch.ingest.testing.PrivateNetwork;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proof that the simulated device speaks ONVIF: Debian's independent client {@code onvif-util} (package onvif-tools,
 * libonvif) finds it by WS-Discovery, logs in with a WS-Security digest and reads device information, profiles,
 * encoder settings, stream URIs and the clock; a wrong password is refused with the ONVIF fault. onvif-util always
 * multicasts a probe first, so it only ever runs inside a private network namespace.
 */
class OnvifUtilInteropTest {
    @Test
    void onvifUtilDiscoversLogsInAndReadsProfilesAndStreamUris() throws Exception {
        Path videos = Path.of("target", "test-videos");
        String sim = PrivateNetwork.startSimulator("util", 8554,
                List.of("/main=" + OnvifVideos.main(videos).toAbsolutePath(), "/sub=" + OnvifVideos.sub(videos).toAbsolutePath()),
                "--onvif 0 --onvif-discovery --onvif-user admin --onvif-password s3cret --onvif-name Gate-7");
        String script = sim
                + "echo '--- good password'; "
                + "printf 'get profiles\\nget rtsp\\nget profile 1\\nget rtsp 1\\nget time\\nquit\\n' | timeout 60 onvif-util -u admin -p s3cret 127.0.0.1; "
                + "echo \"--- exit $?\"; "
                + "echo '--- wrong password'; printf 'quit\\n' | timeout 60 onvif-util -u admin -p guess 127.0.0.1; echo \"--- exit $?\"; "
                + "echo '--- all'; timeout 60 onvif-util -a; "
                + "kill %1 2>/dev/null; kill $(jobs -p) 2>/dev/null; true";
        PrivateNetwork.Result r = PrivateNetwork.run(script, 240);
        String out = r.output();
        String good = out.substring(out.indexOf("--- good password"), out.indexOf("--- wrong password"));
        String wrong = out.substring(out.indexOf("--- wrong password"), out.indexOf("--- all"));
        String all = out.substring(out.indexOf("--- all"));

        assertThat(good).as(out).contains("found host: 127.0.0.1").contains("successfully connected to host")
                .containsPattern("serial: SIM-[0-9A-F]{8}")
                .contains("Token 0: profile_0").contains("Token 1: profile_1")
                .contains("rtsp://127.0.0.1:8554/main")  // main profile (640x540) first
                .contains("Width:      320").contains("Height:     270")
                .contains("rtsp://127.0.0.1:8554/sub")
                .contains("Time Offset: 0 seconds")
                .contains("--- exit 0");
        assertThat(wrong).as(out).contains("ter:NotAuthorized").contains("--- exit 1");
        assertThat(all).as(out).contains("Found 1 cameras").contains("127.0.0.1 Gate-7(Gate-7 SimCam-1-HW)");
    }
}
