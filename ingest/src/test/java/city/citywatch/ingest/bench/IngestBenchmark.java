package city.citywatch.ingest.bench;

import city.citywatch.core.camera.CameraState;
import city.citywatch.ingest.camera.CameraWorker;
import city.citywatch.ingest.camera.IngestSettings;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.TestVideos;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU cost of ingest per camera: N workers read the highway stream (H.264 640x540 10 fps, key frame every second)
 * from the simulator for a while, once decoding key frames only (1 frame/s) and once decoding every frame
 * (5 frames/s delivered). Counts the CPU time of the worker threads only (the RTSP server runs in its own process).
 * <p>
 * Run: {@code java -cp <test classpath> city.citywatch.ingest.bench.IngestBenchmark [cameras] [seconds]}.
 * The last line printed is one JSON object with the figures.
 */
public final class IngestBenchmark {

    record Result(String mode, int cameras, double seconds, double cpuPercentPerCamera, double framesPerSecondPerCamera) {
    }

    public static void main(String[] args) throws Exception {
        int cameras = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path video = TestVideos.highwayH264();
        List<Result> results = new ArrayList<>();
        try (RtspTestServer server = RtspTestServer.start("/highway", video)) {
            results.add(run(server, "key_frames_1fps", cameras, seconds, 1.0));
            results.add(run(server, "all_frames_5fps", cameras, seconds, 5.0));
        }
        StringBuilder json = new StringBuilder("{\"benchmark\":\"ingest\",\"stream\":\"h264 640x540 10fps gop10\"");
        for (Result r : results) {
            json.append(String.format(Locale.ROOT, ",\"%s\":{\"cameras\":%d,\"seconds\":%.1f,\"cpu_percent_per_camera\":%.2f,"
                            + "\"frames_per_second_per_camera\":%.2f}",
                    r.mode(), r.cameras(), r.seconds(), r.cpuPercentPerCamera(), r.framesPerSecondPerCamera()));
        }
        System.out.println(json.append('}'));
    }

    private static Result run(RtspTestServer server, String mode, int cameras, int seconds, double fps) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AtomicLong frames = new AtomicLong();
        IngestSettings settings = IngestSettings.defaults().withAnalysisFps(fps);
        List<CameraWorker> workers = new ArrayList<>();
        for (int i = 0; i < cameras; i++) {
            CameraWorker w = new CameraWorker("bench-" + i, server.uri("/highway"), settings, f -> frames.incrementAndGet(), s -> { });
            workers.add(w);
            w.start();
        }
        try {
            Instant deadline = Instant.now().plusSeconds(20);
            while (workers.stream().anyMatch(w -> w.status().state() != CameraState.ONLINE)) {
                if (Instant.now().isAfter(deadline)) throw new IllegalStateException("cameras did not come online");
                Thread.sleep(100);
            }
            Thread.sleep(3000); // past the probe burst and the switch of decoding mode
            long cpu0 = workerCpuNanos(threads);
            long frames0 = frames.get();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double cpu = (workerCpuNanos(threads) - cpu0) / 1e9;
            long frameCount = frames.get() - frames0;
            Result r = new Result(mode, cameras, elapsed, 100 * cpu / elapsed / cameras, frameCount / elapsed / cameras);
            System.out.printf(Locale.ROOT, "%s: %d cameras, %.1f s: %.2f %% of a core per camera, %.2f frames/s per camera%n",
                    mode, cameras, elapsed, r.cpuPercentPerCamera(), r.framesPerSecondPerCamera());
            return r;
        } finally {
            for (CameraWorker w : workers) w.close();
        }
    }

    private static long workerCpuNanos(ThreadMXBean threads) {
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("camera-bench-")) {
                long ns = threads.getThreadCpuTime(t.threadId());
                if (ns > 0) total += ns;
            }
        }
        return total;
    }
}
