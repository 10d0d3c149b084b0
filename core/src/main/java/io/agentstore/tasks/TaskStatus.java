package io.agentstore.tasks;

/**
 * Where a task is: {@code pending → running → completed}; a failed run goes back to
 * {@code pending} while retries remain, else to {@code failed}; {@code pending} and
 * {@code running} tasks may be {@code cancelled}. Completed, failed and cancelled are final.
 */
public enum TaskStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
