package city.citywatch.core.config;

import java.util.List;

/** Configuration that cannot be used. Carries every problem found, each naming its key, so one start fixes all. */
public class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
