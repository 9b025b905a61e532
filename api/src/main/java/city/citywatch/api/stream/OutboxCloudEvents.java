package city.citywatch.api.stream;

import city.citywatch.core.outbox.OutboxMessage;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneOffset;

/** The CloudEvent an outbox row stands for (DESIGN.md, "Contracts"). */
final class OutboxCloudEvents {
    static final String DATA_CONTENT_TYPE = "application/json";

    private OutboxCloudEvents() {
    }

    /**
     * @throws IllegalArgumentException naming the bad attribute if the row cannot be a valid CloudEvent
     */
    static CloudEvent toCloudEvent(OutboxMessage m) {
        if (m.ceId() == null) {
            throw new IllegalArgumentException("outbox row " + m.id() + " has no CloudEvent id");
        }
        if (m.type() == null || m.type().isBlank()) {
            throw new IllegalArgumentException("outbox row " + m.id() + " has no CloudEvent type");
        }
        URI source;
        try {
            source = new URI(m.source());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("outbox row " + m.id() + ": CloudEvent source '" + m.source()
                    + "' is not a URI reference", e);
        }
        CloudEventBuilder b = CloudEventBuilder.v1()
                .withId(m.ceId().toString())
                .withType(m.type())
                .withSource(source);
        if (m.subject() != null) {
            b.withSubject(m.subject());
        }
        if (m.time() != null) {
            b.withTime(m.time().atOffset(ZoneOffset.UTC));
        }
        if (m.data() != null) {
            b.withDataContentType(DATA_CONTENT_TYPE).withData(m.data());
        }
        return b.build();
    }
}
