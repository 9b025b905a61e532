package city.citywatch.core.event;

/**
 * What a {@code camera_health} event is about, in the event's data: the finding and, where one was measured, the value
 * against the configured limit, so that maintenance teams and integrators can judge it without reading logs.
 *
 * @param finding     an open set of names: the picture faults of the video-quality diagnosis ({@code signal_lost},
 *                    {@code covered}, {@code too_dark}, {@code too_bright}, {@code frozen}, {@code blur},
 *                    {@code colour_cast}, {@code scene_changed}) and the stream's own states (e.g. {@code offline})
 * @param value       the measured value, null when nothing is measured (units depend on the finding, see description)
 * @param threshold   the limit the value was compared with, null when none
 * @param description the measure in words, e.g. {@code "mean luma 18.2, too dark below 35.0"}
 * @param failure     for findings about the stream ({@code offline}): why it is down, one of {@code unreachable},
 *                    {@code timeout}, {@code auth_refused}, {@code stream_not_found}, {@code unsupported_codec},
 *                    {@code stream_lost}, {@code no_video}, {@code protocol_error}; null for picture faults
 * @param lastFrameAt for findings about the stream: when the camera's last video arrived (null if never)
 */
public record HealthFinding(String finding, Double value, Double threshold, String description, String failure,
                            java.time.Instant lastFrameAt) {
    /** A picture fault: measured, not about the stream. */
    public HealthFinding(String finding, Double value, Double threshold, String description) {
        this(finding, value, threshold, description, null, null);
    }
}
