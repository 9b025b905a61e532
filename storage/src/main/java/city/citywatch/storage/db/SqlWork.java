package city.citywatch.storage.db;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of work run on one connection inside one transaction by {@link Database#inTransaction}. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
