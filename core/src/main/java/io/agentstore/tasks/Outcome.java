package io.agentstore.tasks;

import java.util.List;

/**
 * What a state change did: the task as it now is, and the dependents it cancelled (a task that
 * fails for good or is cancelled takes every pending task that depends on it, directly or
 * through others, down with it: they could never run).
 */
public record Outcome(Task task, List<String> cancelledDependents) {}
