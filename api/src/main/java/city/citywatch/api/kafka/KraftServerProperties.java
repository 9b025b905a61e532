package city.citywatch.api.kafka;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The server.properties of the embedded single-node broker: one process that is both KRaft controller and
 * broker, listening on loopback only. Replication factors are 1 because there is one node; production uses an
 * external cluster (deploy/) and never this file.
 */
record KraftServerProperties(Path logDir, int brokerPort, int controllerPort) {

    static final int NODE_ID = 1;

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        // 50 partitions (the default) make the first consumer group wait for 50 log creations.
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics are created by TopicAdmin, as on a production cluster where auto-creation is off: the same
        // code path runs in both.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "1");
        p.setProperty("log.retention.hours", "168");
        // The log cleaner's de-duplication buffer is 128 MiB of heap by default, sized for big compacted topics;
        // the embedded broker compacts only its small internal topics.
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return p;
    }
}
