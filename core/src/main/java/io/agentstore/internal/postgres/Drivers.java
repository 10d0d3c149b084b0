package io.agentstore.internal.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * What the library asks of the PostgreSQL driver (pgjdbc) behind a pooled connection, and which
 * optional dependencies are there. A caller's {@code DataSource} may come with another driver;
 * then there is nothing to ask.
 */
final class Drivers {

    private static final boolean PGJDBC = present("org.postgresql.PGConnection");

    private Drivers() {}

    /** Whether an optional dependency's class is on the class path (without loading it). */
    static boolean present(String className) {
        try {
            Class.forName(className, false, Drivers.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The driver's own connection behind a pool's proxy (the connection itself if it is not wrapped). */
    static Connection physical(Connection c) {
        try {
            return c.isWrapperFor(Connection.class) ? c.unwrap(Connection.class) : c;
        } catch (SQLException e) {
            return c;
        }
    }

    /** The server process serving a connection, or 0 where the driver does not say. */
    static int backendPid(Connection physical) {
        if (!PGJDBC) {
            return 0;
        }
        try {
            return physical.isWrapperFor(PGConnection.class)
                    ? physical.unwrap(PGConnection.class).getBackendPID()
                    : 0;
        } catch (SQLException e) {
            return 0;
        }
    }
}
