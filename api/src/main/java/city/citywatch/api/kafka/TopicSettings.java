package city.citywatch.api.kafka;

import city.citywatch.core.validation.ValidationException;

/**
 * How CityWatch creates the topics it needs (config keys {@code kafka.topicPartitions},
 * {@code kafka.replicationFactor}). Existing topics are never altered: a cluster operator's choice wins.
 *
 * @param partitions        partitions per topic; events are keyed by camera id, so this bounds how many
 *                          consumers of one group share the stream
 * @param replicationFactor copies of each partition; 1 for the embedded broker, 3 on a production cluster
 */
public record TopicSettings(int partitions, short replicationFactor) {

    public TopicSettings {
        if (partitions < 1 || partitions > 10_000) {
            throw new ValidationException("kafka.topicPartitions", "must be between 1 and 10000, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new ValidationException("kafka.replicationFactor", "must be at least 1, was " + replicationFactor);
        }
    }

    /** Three partitions (room for a few consumers per group), one copy: the embedded single-node broker. */
    public static TopicSettings embedded() {
        return new TopicSettings(3, (short) 1);
    }
}
