package io.agentstore;

/**
 * The base of the tests of what exists only on an SQLite file: the connection settings, the
 * write-ahead log and its checkpoints, the single writer's group commit, the file's migrations
 * and its query plans.
 */
public abstract class SqliteTestBase extends EngineTestBase {

    @Override
    protected TestEngine engine() {
        return TestEngine.SQLITE;
    }
}
