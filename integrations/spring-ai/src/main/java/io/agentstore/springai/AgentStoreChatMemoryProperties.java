package io.agentstore.springai;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code agentstore.chat-memory.*}: Spring AI's chat memory repository on the store. */
@ConfigurationProperties("agentstore.chat-memory")
public class AgentStoreChatMemoryProperties {

    /** Whether to provide the chat memory repository bean. */
    private boolean enabled = true;

    /** Whether messages a window evicts stay in the conversation's history. */
    private boolean keepHistory = true;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isKeepHistory() {
        return keepHistory;
    }

    public void setKeepHistory(boolean keepHistory) {
        this.keepHistory = keepHistory;
    }
}
