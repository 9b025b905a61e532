package city.citywatch.api.http;

/**
 * The outcome of one health check.
 *
 * @param detail what an operator needs to know (e.g. the error of a failed database ping); may be null
 */
public record HealthState(Status status, String detail) {
    public enum Status { UP, DOWN }

    public HealthState {
        if (status == null) throw new IllegalArgumentException("status is required");
    }

    public static HealthState up() {
        return new HealthState(Status.UP, null);
    }

    public static HealthState up(String detail) {
        return new HealthState(Status.UP, detail);
    }

    public static HealthState down(String detail) {
        return new HealthState(Status.DOWN, detail);
    }

    public boolean isUp() {
        return status == Status.UP;
    }
}
