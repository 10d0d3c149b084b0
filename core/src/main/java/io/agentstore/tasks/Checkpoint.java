package io.agentstore.tasks;

import io.agentstore.Json;
import java.time.Instant;

/** The loop state of a task at one iteration.
 *
 * <p>The library makes these; an application reads them and does not implement this interface
 * (a later release may add methods).
 */
public interface Checkpoint {

    String taskId();

    int iteration();

    Json state();

    Instant createdAt();

    String sessionId();
}
