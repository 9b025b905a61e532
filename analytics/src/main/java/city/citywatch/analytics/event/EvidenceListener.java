package city.citywatch.analytics.event;

/**
 * Receives evidence requests; the application wires it to ingest (clip) and storage (upload). Called on the
 * analytics thread: hand the work off, do not block.
 */
@FunctionalInterface
public interface EvidenceListener {
    void onEvidence(EvidenceRequest request);
}
