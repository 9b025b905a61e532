package city.citywatch.api.http.error;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the OpenAPI validator's findings into the API's error shape, naming the offending field the way
 * the client wrote it ({@code zones[0].polygon[2][1]}, {@code kind}). The validator reports a whole tree of
 * schema failures; the deepest concrete one is what the client must fix, the others only restate it.
 */
public final class ContractViolations {
    private static final Pattern PARAMETER = Pattern.compile("(?:path|query|header|cookie) parameter ([^\\s.:]+)");
    private static final Pattern REQUIRED = Pattern.compile("required property \"([^\"]+)\"");
    private static final Pattern UNKNOWN_PROPERTY = Pattern.compile("Property \"([^\"]+)\" does not match additional properties");
    private static final Pattern TOO_FEW = Pattern.compile("too few items \\(\\s*\\+?\\s*(\\d+)\\s*<\\s*(\\d+)\\s*\\)");
    private static final Pattern TOO_MANY = Pattern.compile("too many items \\(\\s*\\+?\\s*(\\d+)\\s*>\\s*(\\d+)\\s*\\)");
    private static final Pattern FORMAT = Pattern.compile("does not match format \"([^\"]+)\"");
    private static final Pattern WRONG_TYPE = Pattern.compile("Instance type (\\S+) is invalid\\. Expected (\\S+)");
    /** Keywords that only say "something below me failed"; never the error to report. */
    private static final Set<String> STRUCTURAL = Set.of("properties", "items", "prefixItems", "$ref", "$dynamicRef",
            "additionalProperties", "patternProperties", "allOf", "anyOf", "oneOf", "dependentSchemas", "unevaluatedProperties");

    private final JsonObject rawContract;

    /** @param rawContract the contract as JSON, to quote the pattern a value failed */
    public ContractViolations(JsonObject rawContract) {
        this.rawContract = rawContract;
    }

    /** @param operation the operation the request was validated for; null if unknown */
    public ApiException toApiException(ValidatorException e, Operation operation) {
        String parameter = parameterName(e.getMessage());
        if (e.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT && parameter == null) {
            return new ApiException(415, "unsupported_media_type", "request body must be application/json", null);
        }
        if (e.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER) {
            String field = parameter == null ? "body" : parameter;
            return ApiException.invalid(field, "is required");
        }
        if (e instanceof SchemaValidationException sve && sve.getOutputUnit() != null) {
            Finding f = mostSpecific(sve.getOutputUnit(), parameterSchema(operation, parameter));
            if (f != null) {
                String field = parameter != null ? join(parameter, f.path) : (f.path.isEmpty() ? "body" : f.path);
                return ApiException.invalid(field, f.reason);
            }
        }
        if (e.type() == ValidatorErrorType.ILLEGAL_VALUE && parameter == null) {
            return new ApiException(400, "malformed_json", "request body is not valid JSON", "body");
        }
        return ApiException.invalid(parameter, lowerFirst(e.getMessage()));
    }

    static String parameterName(String message) {
        if (message == null) return null;
        Matcher m = PARAMETER.matcher(message);
        return m.find() ? m.group(1) : null;
    }

    private record Finding(String path, String reason, int depth) {
    }

    private Finding mostSpecific(OutputUnit root, JsonObject parameterSchema) {
        List<OutputUnit> errors = root.getErrors() == null || root.getErrors().isEmpty() ? List.of(root) : root.getErrors();
        Finding best = errors.stream()
                .filter(u -> u.getError() != null && !STRUCTURAL.contains(lastSegment(u.getKeywordLocation())))
                .map(u -> describe(u, parameterSchema))
                .max(Comparator.comparingInt(Finding::depth))
                .orElse(null);
        if (best != null) return best;
        // Only "additionalProperties" complaints left: a property the schema does not know.
        return errors.stream()
                .filter(u -> u.getError() != null && UNKNOWN_PROPERTY.matcher(u.getError()).find())
                .map(u -> describe(u, parameterSchema))
                .max(Comparator.comparingInt(Finding::depth))
                .orElse(null);
    }

    private Finding describe(OutputUnit u, JsonObject parameterSchema) {
        List<String> segments = pointerSegments(u.getInstanceLocation());
        String path = toFieldPath(segments);
        String error = u.getError();
        Matcher m;
        if ((m = REQUIRED.matcher(error)).find()) {
            return new Finding(join(path, m.group(1)), "is required", segments.size() + 1);
        }
        if (UNKNOWN_PROPERTY.matcher(error).find()) {
            return new Finding(path, "is not a known property (see the API contract)", segments.size());
        }
        String reason;
        if ((m = TOO_FEW.matcher(error)).find()) {
            reason = "needs at least " + m.group(2) + " items, got " + m.group(1);
        } else if ((m = TOO_MANY.matcher(error)).find()) {
            reason = "allows at most " + m.group(2) + " items, got " + m.group(1);
        } else if ((m = WRONG_TYPE.matcher(error)).find()) {
            reason = "must be of type " + m.group(2) + ", got " + m.group(1);
        } else if ((m = FORMAT.matcher(error)).find()) {
            reason = switch (m.group(1)) {
                case "date-time" -> "must be an ISO-8601 date-time such as 2025-01-31T08:00:00Z";
                case "uuid" -> "must be a UUID such as 0b6f3c52-8d0e-4a8e-9d55-2f1c7e1b9a10";
                default -> "must be in " + m.group(1) + " format";
            };
        } else if (error.startsWith("String does not match pattern")) {
            String pattern = parameterSchema != null ? parameterSchema.getString("pattern")
                    : quotedSchemaValue(u.getAbsoluteKeywordLocation());
            reason = pattern == null ? "contains characters the contract does not allow" : "must match " + pattern;
        } else if (error.startsWith("Instance does not match any of ")) {
            reason = "must be one of " + error.substring("Instance does not match any of ".length());
        } else {
            reason = lowerFirst(error);
        }
        return new Finding(path, reason, segments.size());
    }

    /** The schema of a parameter, with a top-level {@code $ref} followed; null if not found. */
    private JsonObject parameterSchema(Operation operation, String name) {
        if (operation == null || name == null) return null;
        for (Parameter p : operation.getParameters()) {
            if (!p.getName().equals(name) || p.getSchema() == null) continue;
            JsonObject schema = new JsonObject();
            for (String key : p.getSchema().fieldNames()) schema.put(key, p.getSchema().get(key));
            Object ref = schema.getValue("$ref");
            if (ref instanceof String r && r.startsWith("#") && rawContract != null) {
                Object target = at(rawContract, pointerSegments(r));
                if (target instanceof JsonObject o) return o;
            }
            return schema;
        }
        return null;
    }

    /**
     * The value at a keyword location such as {@code app:///#/components/schemas/CameraIdValue/pattern};
     * null when the location is relative to a schema that is not addressable in the document (parameters).
     */
    private String quotedSchemaValue(String absoluteKeywordLocation) {
        if (absoluteKeywordLocation == null || rawContract == null) return null;
        int hash = absoluteKeywordLocation.indexOf('#');
        if (hash < 0) return null;
        return at(rawContract, pointerSegments(absoluteKeywordLocation.substring(hash))) instanceof String str ? str : null;
    }

    private static Object at(Object root, List<String> segments) {
        Object node = root;
        for (String segment : segments) {
            if (node instanceof JsonObject o) node = o.getValue(segment);
            else if (node instanceof JsonArray a && !segment.isEmpty() && segment.length() < 9
                    && segment.chars().allMatch(Character::isDigit) && Integer.parseInt(segment) < a.size()) {
                node = a.getValue(Integer.parseInt(segment));
            } else return null;
        }
        return node;
    }

    /** {@code #/zones/0/polygon} → [zones, 0, polygon]; JSON-pointer escapes undone. */
    static List<String> pointerSegments(String instanceLocation) {
        if (instanceLocation == null) return List.of();
        String p = instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
        if (p.isEmpty() || p.equals("/")) return List.of();
        return Arrays.stream(p.substring(1).split("/", -1))
                .map(s -> s.replace("~1", "/").replace("~0", "~"))
                .toList();
    }

    static String toFieldPath(List<String> segments) {
        StringBuilder sb = new StringBuilder();
        for (String s : segments) {
            if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(s).append(']');
            } else {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(s);
            }
        }
        return sb.toString();
    }

    private static String join(String parent, String child) {
        if (parent == null || parent.isEmpty()) return child;
        if (child == null || child.isEmpty()) return parent;
        return child.startsWith("[") ? parent + child : parent + "." + child;
    }

    private static String lastSegment(String keywordLocation) {
        if (keywordLocation == null) return "";
        int i = keywordLocation.lastIndexOf('/');
        return i < 0 ? keywordLocation : keywordLocation.substring(i + 1);
    }

    private static String lowerFirst(String s) {
        if (s == null || s.isEmpty()) return "is invalid";
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
