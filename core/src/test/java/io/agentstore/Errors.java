package io.agentstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the library's one exception type. */
public final class Errors {

    private Errors() {}

    /** Asserts the call fails with this code and a message containing each fragment; returns the exception. */
    public static AgentStoreException assertFails(ErrorCode code, ThrowingCallable call, String... messageContains) {
        AgentStoreException e = catchThrowableOfType(AgentStoreException.class, call);
        assertThat(e).as("expected an AgentStoreException with code " + code).isNotNull();
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        for (String fragment : messageContains) {
            assertThat(e.getMessage()).contains(fragment);
        }
        return e;
    }
}
