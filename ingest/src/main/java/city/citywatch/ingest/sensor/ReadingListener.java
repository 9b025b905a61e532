package city.citywatch.ingest.sensor;

import city.citywatch.core.sensor.SensorReading;

/**
 * Takes a validated reading. Called on a worker thread (never an event loop), one reading at a time per client; it
 * may block (storage). Returning normally means the reading is kept: only then is it acknowledged to the broker, so
 * a reading whose handling throws is delivered again after the next reconnect (QoS 1, persistent session).
 */
@FunctionalInterface
public interface ReadingListener {
    void onReading(SensorReading reading) throws Exception;
}
