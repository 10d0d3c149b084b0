package io.agentstore.internal.db.converters;

import io.agentstore.tasks.TaskStatus;

/** {@code TaskStatus} columns: the constant's name in lower case. */
public final class TaskStatusConverter extends StoredEnumConverter<TaskStatus> {

    private static final long serialVersionUID = 1L;

    public TaskStatusConverter() {
        super(TaskStatus.class);
    }
}
