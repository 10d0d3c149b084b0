package io.agentstore.internal.database;

import java.sql.SQLException;

/** Database work run on a library connection: a read on a reader, or one write operation inside the writer's transaction. */
@FunctionalInterface
public interface Work<T> {
    T run(Conn c) throws SQLException;
}
