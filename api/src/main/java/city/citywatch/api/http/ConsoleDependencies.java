package city.citywatch.api.http;

import city.citywatch.api.http.console.MapSettings;
import city.citywatch.core.config.AuthConfig;
import city.citywatch.storage.audit.AuditLog;
import city.citywatch.storage.event.EventStatistics;
import city.citywatch.storage.suppression.SuppressionRepository;

import java.time.Duration;
import java.util.Objects;

/**
 * What the alert console's endpoints need beyond the camera and event resources.
 *
 * @param auth               users and API keys, with the JWT key resolved (never null here)
 * @param defaultSuppression how long a false alarm's zone suppression lasts when the officer gives no duration
 */
public record ConsoleDependencies(AuthConfig auth, SuppressionRepository suppressions, AuditLog audit,
                                  EventStatistics statistics, MapSettings map, Duration defaultSuppression) {
    public ConsoleDependencies {
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(auth.jwtSecret(), "auth.jwtSecret");
        Objects.requireNonNull(suppressions, "suppressions");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(statistics, "statistics");
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(defaultSuppression, "defaultSuppression");
    }
}
