package city.citywatch.core.config;

import city.citywatch.core.camera.Camera;
import city.citywatch.core.geo.GeoLocation;
import city.citywatch.core.sensor.Sensor;
import city.citywatch.core.sensor.SensorKind;
import city.citywatch.core.validation.ValidationException;
import city.citywatch.core.zone.Zone;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and checks the {@code mqtt}, {@code sensors[]} and {@code flood} sections (the sensor layer and flood rule). */
final class SensorSection {
    private SensorSection() {
    }

    static CityWatchConfig.Mqtt mqtt(ConfigTree t) {
        ConfigTree m = t.section("mqtt");
        URI broker = m.parsed("brokerUrl", null, SensorSection::brokerUrl,
                "tcp://host:port or ssl://host:port (or empty: no sensor layer)");
        String clientId = m.string("clientId", "citywatch");
        if (!clientId.matches("[A-Za-z0-9_-]{1,64}")) {
            m.problem(m.key("clientId"), "must be 1-64 letters, digits, '_' or '-' (the broker keeps the session under it), got '" + clientId + "'");
        }
        String user = m.string("username", null), password = m.string("password", null);
        if (password != null && user == null) m.problem(m.key("username"), "is required when mqtt.password is set");
        return new CityWatchConfig.Mqtt(broker, clientId, user, password, m.integer("keepAliveSeconds", 30, 5, 3600),
                m.integer("reconnectMaxSeconds", 30, 1, 3600));
    }

    static List<Sensor> sensors(ConfigTree t, CityWatchConfig.Mqtt mqtt) {
        List<Sensor> sensors = new ArrayList<>();
        Map<String, SensorKind> kinds = new LinkedHashMap<>();
        for (SensorKind k : SensorKind.values()) kinds.put(k.wireName(), k);
        Map<String, String> topics = new HashMap<>();
        List<ConfigTree> list = t.list("sensors");
        for (ConfigTree s : list) {
            String id = s.string("id", null);
            SensorKind kind = s.choice("kind", null, kinds);
            if (kind == null && !s.has("kind")) s.problem(s.key("kind"), "is required, one of " + String.join(", ", kinds.keySet()));
            String topic = s.string("topic", null);
            String unit = s.string("unit", null);
            double threshold = s.decimal("threshold", -1, 0, 1000);
            if (!s.has("threshold")) s.problem(s.key("threshold"), "is required (water level in cm that is a flood, or rain in mm/h that speeds up analysis)");
            ConfigTree loc = s.section("location");
            GeoLocation location = loc.has("lat") || loc.has("lon")
                    ? new GeoLocation(loc.decimal("lat", 0, -90, 90), loc.decimal("lon", 0, -180, 180), loc.string("address", ""))
                    : null;
            String name = s.string("name", id);
            if (kind == null || !s.has("threshold")) continue;
            try {
                Sensor sensor = new Sensor(id, name, kind, topic, unit, location, threshold);
                String other = topics.putIfAbsent(sensor.topic(), sensor.id());
                if (other != null) {
                    s.problem(s.key("topic"), "'" + sensor.topic() + "' is already the topic of sensor '" + other + "'; one topic per sensor");
                } else if (sensors.stream().anyMatch(x -> x.id().equals(sensor.id()))) {
                    s.problem(s.key("id"), "'" + sensor.id() + "' is used by two sensors");
                } else {
                    sensors.add(sensor);
                }
            } catch (ValidationException ex) {
                s.problem(s.key(ex.field()), ex.reason());
            }
        }
        if (!list.isEmpty() && mqtt.brokerUrl() == null && !t.section("mqtt").has("brokerUrl")) {
            t.problem("mqtt.brokerUrl", "is required when sensors are configured (their readings arrive over MQTT)");
        }
        return sensors;
    }

    /** A zone's gauges must name configured sensors, or the link silently never fires. */
    static void checkGaugeLinks(ConfigTree t, List<Camera> cameras, List<Sensor> sensors) {
        for (int c = 0; c < cameras.size(); c++) {
            List<Zone> zones = cameras.get(c).zones();
            for (int z = 0; z < zones.size(); z++) {
                List<String> gauges = zones.get(z).params().gauges();
                if (gauges == null) continue;
                for (int g = 0; g < gauges.size(); g++) {
                    String id = gauges.get(g);
                    if (sensors.stream().noneMatch(s -> s.id().equals(id))) {
                        t.problem("cameras[" + c + "].zones[" + z + "].params.gauges[" + g + "]", "names sensor '" + id
                                + "' which is not in sensors[] (configured: " + sensors.stream().map(Sensor::id).toList() + ")");
                    }
                }
            }
        }
    }

    static CityWatchConfig.Flood flood(ConfigTree t) {
        ConfigTree f = t.section("flood");
        return new CityWatchConfig.Flood(f.parsed("modelDir", null, Path::of, "a directory path"),
                f.decimal("rainFps", 2.0, 0.1, 10));
    }

    private static URI brokerUrl(String s) {
        URI u = URI.create(s);
        if (!("tcp".equals(u.getScheme()) || "ssl".equals(u.getScheme())) || u.getHost() == null || u.getPort() < 1) {
            throw new IllegalArgumentException("scheme must be tcp or ssl, with a host and a port");
        }
        return u;
    }
}
