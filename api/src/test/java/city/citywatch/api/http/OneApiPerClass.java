package city.citywatch.api.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The life cycle the API tests share: one {@link ApiFixture} with default settings over fresh peers in a temp
 * dir, started before the test class's first test and closed after its last, plus a contract checker bound to
 * its Vert.x. The fields are static so a subclass's own {@code @BeforeAll} can seed data through them (JUnit
 * runs this class's {@code @BeforeAll} first); that is safe because the test classes run one after another.
 */
abstract class OneApiPerClass {
    @TempDir
    static Path dir;
    static ApiFixture api;
    static ContractConformance contract;

    @BeforeAll
    static void startApi() throws Exception {
        api = ApiFixture.start(dir);
        contract = new ContractConformance(api.vertx);
    }

    @AfterAll
    static void stopApi() throws Exception {
        api.close();
    }
}
