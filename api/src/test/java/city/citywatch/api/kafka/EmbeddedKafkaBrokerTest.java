package city.citywatch.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(dataDir, 0, START);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void recordsSurviveRestartOnTheSamePortAndData() throws Exception {
        try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers(), TopicSettings.embedded())) {
            admin.ensure(List.of("test.restart"), Duration.ofSeconds(20));
        }
        produce("test.restart", "k", "before restart");
        int port = broker.port();
        long pidBefore = broker.pid();

        broker.restart();

        assertThat(broker.port()).isEqualTo(port);
        assertThat(broker.pid()).isNotEqualTo(pidBefore);
        produce("test.restart", "k", "after restart");
        assertThat(consumeValues("test.restart", 2)).containsExactly("before restart", "after restart");
    }

    @Test
    void aStoppedBrokerIsGoneAndAFreshStartOnTheSameDirectoryKeepsTheData(@TempDir Path own) throws Exception {
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(own, 0, START)) {
            try (TopicAdmin admin = new TopicAdmin(first.bootstrapServers(), TopicSettings.embedded())) {
                admin.ensure(List.of("test.persist"), Duration.ofSeconds(20));
            }
            produceTo(first.bootstrapServers(), "test.persist", "k", "kept");
            long pid = first.pid();
            first.stop();
            assertThat(first.isRunning()).isFalse();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
        String clusterId = Files.readString(own.resolve("cluster.id"), StandardCharsets.UTF_8).strip();
        String formatted = Files.readString(own.resolve("kraft").resolve("meta.properties"), StandardCharsets.UTF_8);
        assertThat(formatted).contains("cluster.id=" + clusterId);

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(own, 0, START)) {
            assertThat(consumeValuesFrom(second.bootstrapServers(), "test.persist", 1)).containsExactly("kept");
        }
        assertThat(Files.readString(own.resolve("kraft").resolve("meta.properties"), StandardCharsets.UTF_8))
                .isEqualTo(formatted);
    }

    @Test
    void theBrokerLogsToItsDataDirectoryNotToOurConsole() throws Exception {
        Path log = dataDir.resolve("logs").resolve("broker.log");
        assertThat(log).exists();
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("Kafka Server started");
    }

    @Test
    void theChildExitsWhenItsParentIsKilledWithoutShutdownHooks(@TempDir Path own) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path argFile = own.resolve("parent.args");
        Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path") + "\"\n", StandardCharsets.UTF_8);
        Process parent = new ProcessBuilder(java.toString(), "@" + argFile, "-Xmx128m",
                OrphanParentMain.class.getName(), own.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(own.resolve("parent.out").toFile()).start();
        try {
            long childPid = awaitChildPid(own.resolve("parent.out"), parent);
            ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
            assertThat(child.isAlive()).isTrue();

            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            child.onExit().get(30, TimeUnit.SECONDS);
            assertThat(child.isAlive()).isFalse();
        } finally {
            parent.destroyForcibly();
        }
    }

    private static long awaitChildPid(Path out, Process parent) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(out)) {
                for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                    if (line.startsWith("CHILD ")) {
                        return Long.parseLong(line.substring(6).strip());
                    }
                }
            }
            assertThat(parent.isAlive()).as("parent JVM alive; its output: %s", Files.exists(out)
                    ? Files.readString(out, StandardCharsets.UTF_8) : "").isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the parent JVM did not start its broker; output: "
                + Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsAreRefusedWithTheirName(@TempDir Path own) {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(own, -1, START))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(own, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startTimeout");
    }

    @Test
    void aSecondBrokerOnADirectoryInUseFailsWithTheBrokersOwnReason() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir, 0, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is in use by another embedded Kafka broker");
        assertThat(broker.isRunning()).isTrue();
    }

    private static void produce(String topic, String key, String value) throws Exception {
        produceTo(broker.bootstrapServers(), topic, key, value);
    }

    private static void produceTo(String bootstrap, String topic, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> p = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeValues(String topic, int n) {
        return consumeValuesFrom(broker.bootstrapServers(), topic, n);
    }

    private static List<String> consumeValuesFrom(String bootstrap, String topic, int n) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            List<String> values = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }
}
