package city.citywatch.ingest.bench;

import city.citywatch.core.camera.CameraState;
import city.citywatch.ingest.camera.CameraWorker;
import city.citywatch.ingest.camera.IngestSettings;
import city.citywatch.ingest.testing.RtspTestServer;
import city.citywatch.ingest.testing.TestVideos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./citywatch bench ingest}: what one node pays to pull N cameras. A real RTSP server (GStreamer,
 * {@code scripts/rtsp-camera.py}, a child process) serves N mounts of the RoadTrack highway video re-encoded once to
 * 1280x720, 25 fps, GOP 50 (2 s), no B-frames; N camera workers of the platform pull them, for N = 8, 16, 32, 64,
 * in two modes side by side:
 * <ul>
 *   <li>{@code keyframe}: analysis at 0.5 frame/s, the stream's key-frame rate, so the workers decode key frames
 *   only (what a camera whose rules run at ≤ 0.5 fps costs);</li>
 *   <li>{@code full}: analysis at 1 frame/s (the parking rule's rate), above the key-frame rate, so every frame is
 *   decoded and one a second converted and delivered.</li>
 * </ul>
 * {@code cpu_cores} is this JVM's own process CPU time over the window (the server is another process);
 * {@code ratio_vs_ffmpeg} compares decode throughput per CPU-second with N parallel
 * {@code ffmpeg -benchmark -threads 1 -rtsp_transport tcp -i rtsp://… -f null -} pulling the same mounts right after
 * (with {@code -skip_frame nokey} for the key-frame rows), its CPU time being the sum of the {@code utime + stime}
 * that {@code -benchmark} prints. Per CPU-second, because the machine is shared: wall-clock rates are noise.
 * <p>
 * Arguments: {@code [sharedDir] [cameraCounts, default 8,16,32,64] [windowSeconds, default 10] [modes, default
 * full,keyframe]}. The video is cached
 * in {@code ~/.cache/citywatch/videos} (env {@code CITYWATCH_CACHE} overrides). Logs go to stderr; the last stdout
 * line is {@code {"rows":[…]}}.
 */
public final class IngestBenchmark {
    private static final Logger log = LoggerFactory.getLogger(IngestBenchmark.class);
    private static final Pattern BENCH = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s");
    private static final Pattern FRAMES = Pattern.compile("frame=\\s*(\\d+)");
    private static final Duration ONLINE_WAIT = Duration.ofSeconds(60);
    /** Past the probe burst and two key frames (the decoder learns the key-frame rate, then picks its mode). */
    private static final Duration WARM_UP = Duration.ofSeconds(6);

    enum Mode {
        FULL("full", 1.0), KEYFRAME("keyframe", 0.5);
        final String wire;
        final double targetFps;

        Mode(String wire, double targetFps) {
            this.wire = wire;
            this.targetFps = targetFps;
        }
    }

    record Row(int cameras, Mode mode, double cpuCores, double decodedFps, double analysedFpsPerCamera, double rssMb,
               double platformFramesPerCpuSecond, double ffmpegFramesPerCpuSecond, String decodeModes) {
        double ratio() {
            return ffmpegFramesPerCpuSecond > 0 ? platformFramesPerCpuSecond / ffmpegFramesPerCpuSecond : 0;
        }

        String json() {
            return String.format(Locale.ROOT, "{\"cameras\":%d,\"mode\":\"%s\",\"cpu_cores\":%.3f,\"decoded_fps\":%.1f,"
                            + "\"analysed_fps_per_camera\":%.3f,\"target_fps\":%.2f,\"rss_mb\":%.0f,\"ratio_vs_ffmpeg\":%.3f}",
                    cameras, mode.wire, cpuCores, decodedFps, analysedFpsPerCamera, mode.targetFps, rssMb, ratio());
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && !args[0].isBlank()) System.setProperty("citywatch.shared", args[0]);
        List<Integer> counts = new ArrayList<>();
        for (String n : (args.length > 1 ? args[1] : "8,16,32,64").split(",")) counts.add(Integer.parseInt(n.trim()));
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        List<Mode> modes = new ArrayList<>();
        for (String m : (args.length > 3 ? args[3] : "full,keyframe").split(",")) {
            modes.add(java.util.Arrays.stream(Mode.values()).filter(x -> x.wire.equals(m.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("mode must be full or keyframe, got '" + m + "'")));
        }
        String cache = System.getenv("CITYWATCH_CACHE");
        Path cacheDir = cache != null && !cache.isBlank() ? Path.of(cache, "videos")
                : Path.of(System.getProperty("user.home"), ".cache", "citywatch", "videos");
        log.info("preparing the 720p25 camera video under {} (re-encoded once, then cached)", cacheDir);
        Path video = TestVideos.highway720p25(cacheDir);
        int max = counts.stream().mapToInt(Integer::intValue).max().orElse(8);
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (int i = 0; i < MOUNTS_PER_SERVER; i++) mounts.put("/cam" + i, video);

        List<Row> rows = new ArrayList<>();
        try (Cameras server = new Cameras((max + MOUNTS_PER_SERVER - 1) / MOUNTS_PER_SERVER, mounts)) {
            for (int n : counts) {
                for (Mode mode : modes) {
                    Row r = measure(server, n, mode, window);
                    log.info("{} cameras {}: {} ({} decoding; platform {} frames/CPU-s, ffmpeg {})", n, mode.wire,
                            r.json(), r.decodeModes(), String.format(Locale.ROOT, "%.0f", r.platformFramesPerCpuSecond()),
                            String.format(Locale.ROOT, "%.0f", r.ffmpegFramesPerCpuSecond()));
                    rows.add(r);
                }
            }
        }
        StringBuilder json = new StringBuilder("{\"rows\":[");
        for (int i = 0; i < rows.size(); i++) json.append(i > 0 ? "," : "").append(rows.get(i).json());
        System.out.println(json.append("]}"));
    }

    /**
     * One GStreamer RTSP server sets up one client session at a time (≈ 1 s each here), so 64 cameras on one server
     * would take a minute to come online and outlive the 71 s video; several servers set up in parallel.
     */
    static final int MOUNTS_PER_SERVER = 8;

    /** The simulated cameras: camera i is mount {@code /cam<i % 8>} of server {@code i / 8}. */
    static final class Cameras implements AutoCloseable {
        private final List<RtspTestServer> servers = new ArrayList<>();

        Cameras(int count, Map<String, Path> mounts) {
            try {
                servers.addAll(java.util.stream.IntStream.range(0, count).parallel()
                        .mapToObj(i -> RtspTestServer.start(mounts, List.of())).toList());
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        String url(int camera) {
            return servers.get(camera / MOUNTS_PER_SERVER).url("/cam" + camera % MOUNTS_PER_SERVER);
        }

        @Override
        public void close() {
            servers.forEach(RtspTestServer::close);
        }
    }

    private static Row measure(Cameras server, int n, Mode mode, int window) throws Exception {
        AtomicLong delivered = new AtomicLong();
        IngestSettings settings = IngestSettings.defaults().withAnalysisFps(mode.targetFps);
        List<CameraWorker> workers = new ArrayList<>();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double cpu, wall, rss;
        long decoded, analysed;
        Map<String, Integer> modes = new LinkedHashMap<>();
        // G1 gives back the heap the previous row grew after a full collection: each row's RSS is its own
        System.gc();
        try {
            for (int i = 0; i < n; i++) {
                CameraWorker w = new CameraWorker("bench-" + i, java.net.URI.create(server.url(i)), settings,
                        f -> delivered.incrementAndGet(), s -> { });
                workers.add(w);
                w.start();
            }
            long deadline = System.nanoTime() + ONLINE_WAIT.toNanos();
            while (workers.stream().anyMatch(w -> w.status().state() != CameraState.ONLINE)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(workers.stream().filter(w -> w.status().state() != CameraState.ONLINE)
                            .count() + " of " + n + " cameras did not come online within " + ONLINE_WAIT);
                }
                Thread.sleep(100);
            }
            Thread.sleep(WARM_UP.toMillis());
            long cpu0 = os.getProcessCpuTime();
            long decoded0 = workers.stream().mapToLong(CameraWorker::decodedFrames).sum();
            long delivered0 = delivered.get();
            long t0 = System.nanoTime();
            Thread.sleep(window * 1000L);
            wall = (System.nanoTime() - t0) / 1e9;
            cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            decoded = workers.stream().mapToLong(CameraWorker::decodedFrames).sum() - decoded0;
            analysed = delivered.get() - delivered0;
            rss = residentMegabytes();
            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            log.info("{} cameras {}: heap used {} MB, committed {} MB; RSS {} MB", n, mode.wire, heap.getUsed() >> 20,
                    heap.getCommitted() >> 20, Math.round(rss));
            for (CameraWorker w : workers) modes.merge(w.decodeMode().name(), 1, Integer::sum);
            long offline = workers.stream().filter(w -> w.status().state() != CameraState.ONLINE).count();
            if (offline > 0) log.warn("{} of {} cameras dropped during the window; figures count the others", offline, n);
        } finally {
            workers.parallelStream().forEach(CameraWorker::close);
        }
        double ffmpeg = ffmpegFramesPerCpuSecond(server, n, mode, window);
        return new Row(n, mode, cpu / wall, decoded / wall, analysed / wall / n, rss,
                cpu > 0 ? decoded / cpu : 0, ffmpeg, modes.toString());
    }

    /** N parallel ffmpeg processes decoding the same mounts for the same window: frames per CPU-second, all summed. */
    private static double ffmpegFramesPerCpuSecond(Cameras server, int n, Mode mode, int window) throws Exception {
        List<Process> procs = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-benchmark",
                        "-threads", "1"));
                if (mode == Mode.KEYFRAME) cmd.addAll(List.of("-skip_frame", "nokey"));
                cmd.addAll(List.of("-rtsp_transport", "tcp", "-i", server.url(i), "-an",
                        "-t", Integer.toString(window), "-fps_mode", "passthrough", "-f", "null", "-"));
                Path out = Files.createTempFile("citywatch-bench-ffmpeg-", ".log");
                logs.add(out);
                procs.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start());
            }
            double cpu = 0;
            long frames = 0;
            for (int i = 0; i < n; i++) {
                Process p = procs.get(i);
                if (!p.waitFor(window * 6L + 30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("ffmpeg on /cam" + i + " did not finish a " + window + " s window");
                }
                String text = Files.readString(logs.get(i), StandardCharsets.UTF_8);
                Matcher b = BENCH.matcher(text);
                if (!b.find()) throw new IllegalStateException("ffmpeg printed no -benchmark line for /cam" + i + ":\n" + tail(text));
                cpu += Double.parseDouble(b.group(1)) + Double.parseDouble(b.group(2));
                Matcher f = FRAMES.matcher(text);
                long last = -1;
                while (f.find()) last = Long.parseLong(f.group(1));
                if (last < 0) throw new IllegalStateException("ffmpeg printed no frame count for /cam" + i + ":\n" + tail(text));
                frames += last;
            }
            return cpu > 0 ? frames / cpu : 0;
        } finally {
            for (Process p : procs) if (p.isAlive()) p.destroyForcibly();
            for (Path l : logs) Files.deleteIfExists(l);
        }
    }

    private static String tail(String text) {
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    }

    private static double residentMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return 0;
    }
}
