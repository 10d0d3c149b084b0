package io.agentstore;

import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The base of every test of the library's behaviour: each test runs on both engines, a fresh
 * SQLite file in its own temporary directory and a fresh schema on a real PostgreSQL server
 * (see {@link EngineTestBase} for what a test may ask of its database).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestEngine.class)
public abstract class StoreTestBase extends EngineTestBase {

    @Parameter
    TestEngine engine;

    @Override
    protected TestEngine engine() {
        return engine;
    }
}
