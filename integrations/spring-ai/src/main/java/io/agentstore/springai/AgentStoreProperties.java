package io.agentstore.springai;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code agentstore.*}: where the store is. An embedded file ({@code agentstore.path}, the
 * default {@code agentstore.db} in the working directory) unless {@code agentstore.jdbc-url}
 * names a PostgreSQL database.
 */
@ConfigurationProperties("agentstore")
public class AgentStoreProperties {

    /** The SQLite file of an embedded store. */
    private Path path = Path.of("agentstore.db");

    /** A PostgreSQL JDBC URL; when set, the store is opened there instead of on a file. */
    private String jdbcUrl;

    private String username;

    private String password;

    /** Connections in the PostgreSQL pool. */
    private int poolSize = 10;

    /** How long a call waits for a lock or a connection before it fails with BUSY. */
    private Duration busyTimeout = Duration.ofSeconds(5);

    private final ChatMemory chatMemory = new ChatMemory();

    public static class ChatMemory {

        /** Whether to provide the chat memory repository bean. */
        private boolean enabled = true;

        /** Whether messages a window evicts stay in the conversation's history. */
        private boolean keepHistory = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isKeepHistory() {
            return keepHistory;
        }

        public void setKeepHistory(boolean keepHistory) {
            this.keepHistory = keepHistory;
        }
    }

    public Path getPath() {
        return path;
    }

    public void setPath(Path path) {
        this.path = path;
    }

    public String getJdbcUrl() {
        return jdbcUrl;
    }

    public void setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public Duration getBusyTimeout() {
        return busyTimeout;
    }

    public void setBusyTimeout(Duration busyTimeout) {
        this.busyTimeout = busyTimeout;
    }

    public ChatMemory getChatMemory() {
        return chatMemory;
    }
}
