package io.agentstore.agents;

/** An agent to spawn (state {@code idle}). Start from {@link #of(String)}; the id is generated unless given. */
public record NewAgent(String id, String name, String specialization, String taskId, String sessionId, String model) {

    public static NewAgent of(String name) {
        return new NewAgent(null, name, null, null, null, null);
    }

    public NewAgent withId(String value) {
        return new NewAgent(value, name, specialization, taskId, sessionId, model);
    }

    public NewAgent specialisedIn(String value) {
        return new NewAgent(id, name, value, taskId, sessionId, model);
    }

    public NewAgent forTask(String value) {
        return new NewAgent(id, name, specialization, value, sessionId, model);
    }

    public NewAgent inSession(String value) {
        return new NewAgent(id, name, specialization, taskId, value, model);
    }

    public NewAgent withModel(String value) {
        return new NewAgent(id, name, specialization, taskId, sessionId, value);
    }
}
