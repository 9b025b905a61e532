package city.citywatch.storage.audit;

import java.time.Instant;

/**
 * One line of the audit log: who did or viewed what, when.
 *
 * @param action   e.g. {@code view_clip}, {@code view_snapshot}, {@code view_live}, {@code edit_zones}
 * @param resource what it was about, e.g. {@code events/<id>} or {@code cameras/<id>}
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String resource, String detail) {
}
