package io.agentstore.tasks;

import java.util.List;

/** What a timeout sweep did: tasks put back in the queue, tasks failed for good, dependents cancelled. */
public record Recovery(List<Task> requeued, List<Task> failed, List<String> cancelledDependents) {}
