package city.citywatch.storage.testing;

import city.citywatch.core.config.SharedFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real PostgreSQL the tests run against: from env CITYWATCH_TEST_PG_URL / _USER / _PASSWORD if set,
 * otherwise from the output of scripts/test-peers/postgres.sh, which it runs (the script is idempotent
 * and starts the server if needed).
 */
public final class PostgresPeer {
    public record Login(String url, String user, String password) {
    }

    private static Login login;

    private PostgresPeer() {
    }

    public static synchronized Login login() {
        if (login == null) login = resolve();
        return login;
    }

    private static Login resolve() {
        String url = System.getenv("CITYWATCH_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return new Login(url, envOr("CITYWATCH_TEST_PG_USER", "postgres"), envOr("CITYWATCH_TEST_PG_PASSWORD", ""));
        }
        Path script = SharedFolder.repoRoot().resolve("scripts/test-peers/postgres.sh");
        try {
            Process p = new ProcessBuilder("bash", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(script + " did not finish in 5 minutes");
            }
            if (p.exitValue() != 0) throw new IllegalStateException(script + " failed with exit code " + p.exitValue());
            Map<String, String> values = new HashMap<>();
            for (String line : out.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
            String scriptUrl = values.get("CITYWATCH_TEST_PG_URL");
            if (scriptUrl == null) throw new IllegalStateException(script + " printed no CITYWATCH_TEST_PG_URL line: " + out);
            return new Login(scriptUrl, values.getOrDefault("CITYWATCH_TEST_PG_USER", "postgres"),
                    values.getOrDefault("CITYWATCH_TEST_PG_PASSWORD", ""));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }
}
