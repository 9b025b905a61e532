package city.citywatch.ingest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import city.citywatch.core.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the ffprobe / ffmpeg command-line tools say about a media file: an independent check of our output. */
public final class Probe {
    private Probe() {
    }

    /** {@code ffprobe -show_format -show_streams} as JSON. */
    public static JsonNode formatAndStreams(Path file) {
        return json(run(List.of("ffprobe", "-v", "error", "-show_format", "-show_streams", "-count_packets", "-count_frames",
                "-of", "json", file.toString())));
    }

    /** The first decoded frame: {@code key_frame}, {@code pict_type}, {@code pts_time}. */
    public static JsonNode firstFrame(Path file) {
        JsonNode frames = json(run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-read_intervals", "%+#1",
                "-show_entries", "frame=key_frame,pict_type,pts_time", "-of", "json", file.toString()))).path("frames");
        if (frames.isEmpty()) throw new IllegalStateException("ffprobe found no frame in " + file);
        return frames.get(0);
    }

    /** One line per video packet, "size md5", from {@code ffmpeg -c copy -f framemd5}: the packets' exact bytes. */
    public static List<PacketHash> packetHashes(Path file) {
        List<PacketHash> hashes = new ArrayList<>();
        for (String line : run(List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-map", "0:v:0", "-c", "copy",
                "-f", "framemd5", "-")).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split(",");
            hashes.add(new PacketHash(Integer.parseInt(f[4].trim()), f[5].trim()));
        }
        return hashes;
    }

    public record PacketHash(int size, String md5) {
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
