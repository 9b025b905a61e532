package city.citywatch.api.app;

import city.citywatch.core.config.CityWatchConfig;
import city.citywatch.core.config.ConfigException;
import city.citywatch.core.config.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** {@code Main [--config FILE] [--demo]}: load and validate the configuration, start the platform, stop on SIGTERM. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path configFile = null;
        boolean demo = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        System.err.println("--config needs a file; usage: Main [--config FILE] [--demo]");
                        System.exit(2);
                    }
                    configFile = Path.of(args[++i]);
                }
                case "--demo" -> demo = true;
                default -> {
                    System.err.println("unknown argument '" + args[i] + "'; usage: Main [--config FILE] [--demo]");
                    System.exit(2);
                }
            }
        }
        if (configFile != null && !Files.isReadable(configFile)) {
            System.err.println("configuration file " + configFile + " cannot be read");
            System.exit(2);
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        // No configuration at all means the whole platform on this machine, demo camera included.
        if (demo || configFile == null) env.putIfAbsent(ConfigLoader.envName("demo.enabled"), "true");
        CityWatchConfig config;
        try {
            config = ConfigLoader.load(configFile, env);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // Registered before the (possibly long) start, so that Ctrl-C during start-up also closes what was opened.
        AtomicReference<Platform> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            Platform p = running.getAndSet(null);
            if (p != null) p.close();
            stopped.countDown();
        }, "citywatch-shutdown"));
        Platform platform;
        try {
            platform = Platform.start(config);
            running.set(platform);
        } catch (Exception e) {
            // Platform.start has closed what it opened and logged the failing step; the operator needs the cause.
            System.err.println("CityWatch could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        LOG.info("CityWatch is up: API on http://localhost:{}/api/v1, OpenAPI at /api/v1/openapi.yaml", platform.httpPort());
        stopped.await();
    }
}
