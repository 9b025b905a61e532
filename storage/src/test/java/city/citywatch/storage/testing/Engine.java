package city.citywatch.storage.testing;

/** The two SQL engines every repository test runs on. */
public enum Engine {
    H2, POSTGRES
}
