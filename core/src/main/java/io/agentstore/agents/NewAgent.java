package io.agentstore.agents;

/** An agent to spawn (state {@code idle}). Start from {@link #of(String)}; the id is generated unless given. */
public final class NewAgent {

    private final String id;
    private final String name;
    private final String specialization;
    private final String taskId;
    private final String sessionId;
    private final String model;

    private NewAgent(String id, String name, String specialization, String taskId, String sessionId, String model) {
        this.id = id;
        this.name = name;
        this.specialization = specialization;
        this.taskId = taskId;
        this.sessionId = sessionId;
        this.model = model;
    }

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

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String specialization() {
        return specialization;
    }

    public String taskId() {
        return taskId;
    }

    public String sessionId() {
        return sessionId;
    }

    public String model() {
        return model;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewAgent o
                && java.util.Objects.equals(id, o.id)
                && java.util.Objects.equals(name, o.name)
                && java.util.Objects.equals(specialization, o.specialization)
                && java.util.Objects.equals(taskId, o.taskId)
                && java.util.Objects.equals(sessionId, o.sessionId)
                && java.util.Objects.equals(model, o.model);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(id, name, specialization, taskId, sessionId, model);
    }

    @Override
    public String toString() {
        return "NewAgent[id=" + id + ", name=" + name + ", specialization=" + specialization + ", taskId=" + taskId
                + ", sessionId=" + sessionId + ", model=" + model + "]";
    }
}
