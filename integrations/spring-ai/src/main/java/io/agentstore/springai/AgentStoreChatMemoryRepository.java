package io.agentstore.springai;

import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.conversations.Conversations;
import io.agentstore.conversations.Conversations.NewMessage;
import io.agentstore.internal.Failures;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.Message;

/**
 * Spring AI's {@link ChatMemoryRepository} on agentstore: one row per message, every message
 * type with its metadata, media, tool calls and tool responses.
 *
 * <p>{@link #saveAll} (the whole window, after every change, from {@code MessageWindowChatMemory})
 * writes only what changed: new messages are appended, the others stay where they are stored;
 * nothing is deleted and re-inserted. Messages the window evicts stay readable in the
 * conversation's {@link #history} unless the repository was built {@link #withoutHistory()}.
 * Several instances (and processes) may write one conversation: no message is lost, and all see
 * one order.
 */
public final class AgentStoreChatMemoryRepository implements ChatMemoryRepository {

    private final Conversations conversations;

    /** A repository keeping every message's history, under the framework name {@code spring-ai}. */
    public AgentStoreChatMemoryRepository(AgentStore store) {
        this(Conversations.of(Objects.requireNonNull(store, "store"), "spring-ai"));
    }

    private AgentStoreChatMemoryRepository(Conversations conversations) {
        this.conversations = conversations;
    }

    /** The same repository, deleting the messages a window evicts instead of keeping them in the history. */
    public AgentStoreChatMemoryRepository withoutHistory() {
        return new AgentStoreChatMemoryRepository(conversations.withoutHistory());
    }

    /** A conversation id as Spring AI's own repositories take them: with text (not null, empty or blank). */
    private static String id(String conversationId) {
        if (conversationId == null || conversationId.isBlank()) {
            throw Failures.invalid(
                    "conversation id must have text, as Spring AI requires: " + Failures.quote(conversationId));
        }
        return conversationId;
    }

    @Override
    public List<String> findConversationIds() {
        return conversations.ids();
    }

    @Override
    public List<Message> findByConversationId(String conversationId) {
        return read(conversationId, conversations.window(id(conversationId)));
    }

    @Override
    public void saveAll(String conversationId, List<Message> messages) {
        id(conversationId);
        if (messages == null) {
            throw Failures.invalid("messages of conversation '" + conversationId + "' must not be null");
        }
        List<NewMessage> rows = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m == null) {
                throw Failures.invalid("message " + i + " of conversation '" + conversationId + "' is null");
            }
            rows.add(new NewMessage(m.getMessageType().name(), Json.of(MessageJson.write(m))));
        }
        conversations.replaceWindow(conversationId, rows);
    }

    @Override
    public void deleteByConversationId(String conversationId) {
        conversations.delete(id(conversationId));
    }

    /** Every message the conversation ever held, oldest first, evicted ones included (a page at a time). */
    public Page<Message> history(String conversationId, PageRequest request) {
        Page<Conversations.Message> page = conversations.history(id(conversationId), request);
        return new Page<>(read(conversationId, page.items()), page.next());
    }

    private static List<Message> read(String conversationId, List<Conversations.Message> stored) {
        List<Message> out = new ArrayList<>(stored.size());
        for (Conversations.Message m : stored) {
            try {
                out.add(MessageJson.read(m.content().tree()));
            } catch (RuntimeException e) {
                throw Failures.of(
                        ErrorCode.INVALID_ARGUMENT,
                        "message " + m.seq() + " of conversation '" + conversationId + "' (type '" + m.type()
                                + "') cannot be read back by this Spring AI (" + e.getMessage()
                                + "); it is kept as stored",
                        e);
            }
        }
        return out;
    }
}
