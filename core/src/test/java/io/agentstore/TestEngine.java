package io.agentstore;

/** The engines the core test suite runs on: every test of {@link StoreTestBase} runs on each. */
public enum TestEngine {
    SQLITE,
    POSTGRES
}
