package city.citywatch.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A cursor over a parsed YAML/JSON tree that reads typed values by key path, collects every problem with the
 * full key path, and remembers which keys were read so that unknown keys (typos) are reported instead of
 * silently ignored.
 */
final class ConfigTree {
    private final JsonNode root;
    private final String path;
    private final List<String> problems;
    private final Set<String> consumed;

    private ConfigTree(JsonNode root, String path, List<String> problems, Set<String> consumed) {
        this.root = root == null || root.isNull() || root.isMissingNode() ? JsonNodeFactory.instance.objectNode() : root;
        this.path = path;
        this.problems = problems;
        this.consumed = consumed;
    }

    static ConfigTree root(JsonNode node) {
        return new ConfigTree(node, "", new ArrayList<>(), new LinkedHashSet<>());
    }

    List<String> problems() {
        return problems;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private JsonNode raw(String name) {
        consumed.add(key(name));
        return root.get(name);
    }

    boolean has(String name) {
        JsonNode n = root.get(name);
        return n != null && !n.isNull();
    }

    ConfigTree section(String name) {
        JsonNode n = raw(name);
        if (n != null && !n.isNull() && !n.isObject()) {
            problem(key(name), "must be a mapping of keys, got " + describe(n));
            n = null;
        }
        return new ConfigTree(n, key(name), problems, consumed);
    }

    List<ConfigTree> list(String name) {
        JsonNode n = raw(name);
        List<ConfigTree> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        if (!n.isArray()) {
            problem(key(name), "must be a list, got " + describe(n));
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode item = n.get(i);
            if (!item.isObject()) {
                problem(key(name) + "[" + i + "]", "must be a mapping of keys, got " + describe(item));
                continue;
            }
            out.add(new ConfigTree(item, key(name) + "[" + i + "]", problems, consumed));
        }
        return out;
    }

    /** A mapping of free-form keys to single values (e.g. Kafka client properties); every key is accepted. */
    Map<String, String> stringMap(String name) {
        JsonNode n = raw(name);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (n == null || n.isNull()) return out;
        if (!n.isObject()) {
            problem(key(name), "must be a mapping of names to values, got " + describe(n));
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            consumed.add(key(name) + "." + e.getKey());
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                problem(key(name) + "." + e.getKey(), "must be a single value, got " + describe(e.getValue()));
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }

    JsonNode node(String name) {
        return raw(name);
    }

    String string(String name, String dflt) {
        JsonNode n = raw(name);
        if (n == null || n.isNull()) return dflt;
        if (!n.isValueNode()) {
            problem(key(name), "must be a single value, got " + describe(n));
            return dflt;
        }
        return n.asText();
    }

    int integer(String name, int dflt, int min, int max) {
        JsonNode n = raw(name);
        if (n == null || n.isNull()) return dflt;
        Integer v = null;
        if (n.isIntegralNumber()) v = n.asInt();
        else if (n.isTextual()) {
            try {
                v = Integer.parseInt(n.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (v == null) {
            problem(key(name), "must be a whole number between " + min + " and " + max + ", got " + describe(n));
            return dflt;
        }
        if (v < min || v > max) {
            problem(key(name), "must be between " + min + " and " + max + ", got " + v);
            return dflt;
        }
        return v;
    }

    double decimal(String name, double dflt, double min, double max) {
        JsonNode n = raw(name);
        if (n == null || n.isNull()) return dflt;
        Double v = null;
        if (n.isNumber()) v = n.asDouble();
        else if (n.isTextual()) {
            try {
                v = Double.parseDouble(n.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (v == null || v.isNaN()) {
            problem(key(name), "must be a number between " + min + " and " + max + ", got " + describe(n));
            return dflt;
        }
        if (v < min || v > max) {
            problem(key(name), "must be between " + min + " and " + max + ", got " + v);
            return dflt;
        }
        return v;
    }

    boolean bool(String name, boolean dflt) {
        JsonNode n = raw(name);
        if (n == null || n.isNull()) return dflt;
        if (n.isBoolean()) return n.asBoolean();
        if (n.isTextual() && (n.asText().equals("true") || n.asText().equals("false"))) return Boolean.parseBoolean(n.asText());
        problem(key(name), "must be true or false, got " + describe(n));
        return dflt;
    }

    <T> T choice(String name, T dflt, Map<String, T> allowed) {
        String s = string(name, null);
        if (s == null) return dflt;
        T v = allowed.get(s);
        if (v == null) {
            problem(key(name), "must be one of " + String.join(", ", allowed.keySet()) + ", got '" + s + "'");
            return dflt;
        }
        return v;
    }

    <T> T parsed(String name, T dflt, Function<String, T> parser, String expected) {
        String s = string(name, null);
        if (s == null || s.isBlank()) return dflt;
        try {
            return parser.apply(s.trim());
        } catch (RuntimeException e) {
            problem(key(name), "must be " + expected + ", got '" + s + "'" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
            return dflt;
        }
    }

    void problem(String key, String message) {
        problems.add(key + ": " + message);
    }

    /** Reports keys present in the tree that no reader asked for: almost always a typo. */
    void reportUnknownKeys() {
        walkUnknown(root, path);
    }

    private void walkUnknown(JsonNode node, String at) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
                if (!consumed.contains(k)) {
                    problem(k, "unknown key (check the spelling; see deploy/citywatch.example.yaml for all keys)");
                } else if (e.getValue().isObject() || e.getValue().isArray()) {
                    walkUnknown(e.getValue(), k);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walkUnknown(node.get(i), at + "[" + i + "]");
        }
    }

    static ObjectNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static String describe(JsonNode n) {
        if (n.isObject()) return "a mapping";
        if (n.isArray()) return "a list";
        return "'" + n.asText() + "'";
    }
}
