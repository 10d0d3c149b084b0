package io.agentstore.springboot;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code agentstore.*}: where the store is and how it is opened. An embedded SQLite file
 * ({@code agentstore.path}, by default {@code agentstore.db} in the working directory) unless
 * {@code agentstore.jdbc-url} names a PostgreSQL database.
 */
@ConfigurationProperties("agentstore")
public class AgentStoreProperties {

    /** The SQLite file of an embedded store. */
    private Path path = Path.of("agentstore.db");

    /** A PostgreSQL JDBC URL; when set, the store is opened there (with a pool of its own) instead of on a file. */
    private String jdbcUrl;

    /** The PostgreSQL user. */
    private String username;

    /** The PostgreSQL user's password. */
    private String password;

    /** Connections in the PostgreSQL pool. */
    private int poolSize = 10;

    /** How long a call waits for a lock, a connection or (PostgreSQL) a silent server before it fails with BUSY. */
    private Duration busyTimeout = Duration.ofSeconds(5);

    /** Whether the store is opened read-only: no migration, and every write refused. */
    private boolean readOnly = false;

    /**
     * SQLite: how much of the file each read connection reads through a memory map (0 turns it off). On a
     * mapped file an I/O error ends the process instead of failing the call: turn it off on network or
     * removable storage.
     */
    private DataSize memoryMap = DataSize.ofGigabytes(2);

    private final Health health = new Health();

    private final Metrics metrics = new Metrics();

    private final Framework adk = new Framework();

    private final Framework langchain4j = new Framework();

    private final Framework koog = new Framework();

    /** The Actuator health indicator ({@code agentstore}; turned off with {@code management.health.agentstore.enabled=false}). */
    public static class Health {

        /** The longest a health check waits for the store's answer before it reports DOWN. */
        private Duration timeout = Duration.ofSeconds(2);

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** The store's Micrometer meters ({@code agentstore.*}), bound to the application's MeterRegistry. */
    public static class Metrics {

        /** Whether the store's meters are bound to the application's MeterRegistry when there is one. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** A framework's beans on the store. */
    public static class Framework {

        /** Whether to provide this framework's beans on the store when the framework is on the class path. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
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

    public boolean isReadOnly() {
        return readOnly;
    }

    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    public DataSize getMemoryMap() {
        return memoryMap;
    }

    public void setMemoryMap(DataSize memoryMap) {
        this.memoryMap = memoryMap;
    }

    public Health getHealth() {
        return health;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    /** Google ADK's session and memory services ({@code agentstore.adk.enabled}). */
    public Framework getAdk() {
        return adk;
    }

    /** LangChain4j's chat memory store ({@code agentstore.langchain4j.enabled}). */
    public Framework getLangchain4j() {
        return langchain4j;
    }

    /** Koog's persistence storage provider ({@code agentstore.koog.enabled}). */
    public Framework getKoog() {
        return koog;
    }
}
