package io.agentstore.transfer;

import static io.agentstore.Errors.assertFails;

import io.agentstore.EngineTestBase;
import io.agentstore.ErrorCode;
import io.agentstore.TestEngine;
import org.junit.jupiter.api.Test;

class PostgresBackupTest extends EngineTestBase {

    @Override
    protected TestEngine engine() {
        return TestEngine.POSTGRES;
    }

    @Test
    void aFileBackupOfAServerIsRefusedPointingToItsToolsAndTheExport() {
        assertFails(ErrorCode.UNSUPPORTED, () -> store().backup(dir.resolve("pg.db")), "pg_dump", "exported");
    }
}
