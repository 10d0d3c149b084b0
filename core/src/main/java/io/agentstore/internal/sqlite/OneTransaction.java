package io.agentstore.internal.sqlite;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source for Flyway that hands out one connection, already inside the caller's
 * transaction: Flyway's own transaction control on it (auto-commit, commit, rollback, close) is
 * kept from reaching the connection, so every migration runs inside that one transaction and
 * the caller commits or rolls back the whole.
 */
final class OneTransaction {

    private OneTransaction() {}

    static DataSource dataSource(Connection inTransaction) {
        Connection shared = (Connection) Proxy.newProxyInstance(
                OneTransaction.class.getClassLoader(), new Class<?>[] {Connection.class}, new Handler(inTransaction));
        return new DataSource() {
            @Override
            public Connection getConnection() {
                return shared;
            }

            @Override
            public Connection getConnection(String user, String password) {
                return shared;
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {}

            @Override
            public void setLoginTimeout(int seconds) {}

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                throw new SQLFeatureNotSupportedException("no parent logger");
            }

            @Override
            public <T> T unwrap(Class<T> type) throws SQLException {
                throw new SQLException("not a wrapper of " + type.getName());
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return false;
            }
        };
    }

    /** Passes every call to the connection but those that would end or start its transaction. */
    private static final class Handler implements InvocationHandler {

        private final Connection target;
        /** What Flyway last set, as Flyway sees it; the connection stays in the caller's transaction. */
        private boolean autoCommit = true;

        Handler(Connection target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "setAutoCommit":
                    autoCommit = (Boolean) args[0];
                    return null;
                case "getAutoCommit":
                    return autoCommit;
                case "commit":
                case "rollback":
                    if (args == null) {
                        return null; // the caller's transaction ends once, with the caller
                    }
                    break; // a rollback to a savepoint stays within the transaction
                case "close":
                    return null;
                case "isClosed":
                    return false;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    break;
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
