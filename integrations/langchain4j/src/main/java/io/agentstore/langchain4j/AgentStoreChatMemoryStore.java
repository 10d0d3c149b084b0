package io.agentstore.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.conversations.Conversations;
import io.agentstore.conversations.Conversations.Message;
import io.agentstore.conversations.Conversations.NewMessage;
import io.agentstore.internal.Failures;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * LangChain4j's {@link ChatMemoryStore} on agentstore: one row per message, in LangChain4j's own
 * JSON, every message type (system, user, AI with its tool execution requests, tool execution
 * results, custom).
 *
 * <p>{@link #updateMessages} (a chat memory's whole window, after every change) stores the
 * difference: the messages that are new are appended, the others stay where they are stored.
 * Messages the window evicts stay in the conversation's {@link #history}, unless the store was
 * built with {@link #withoutHistory()}. Several instances (and processes) may write one memory
 * id: no message is lost, and all see one order. A memory id is stored as its
 * {@code toString()}.
 */
public final class AgentStoreChatMemoryStore implements ChatMemoryStore {

    private final Conversations conversations;

    /** A store keeping every message's history, under the framework name {@code langchain4j}. */
    public AgentStoreChatMemoryStore(AgentStore store) {
        this(Conversations.of(Objects.requireNonNull(store, "store"), "langchain4j"));
    }

    private AgentStoreChatMemoryStore(Conversations conversations) {
        this.conversations = conversations;
    }

    /** The same store, deleting the messages a window evicts instead of keeping them in the history. */
    public AgentStoreChatMemoryStore withoutHistory() {
        return new AgentStoreChatMemoryStore(conversations.withoutHistory());
    }

    private static String id(Object memoryId) {
        if (memoryId == null) {
            throw Failures.invalid("memoryId must not be null");
        }
        return memoryId.toString();
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        String id = id(memoryId);
        return read(id, conversations.window(id));
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        String id = id(memoryId);
        if (messages == null) {
            throw Failures.invalid("messages of memory '" + id + "' must not be null");
        }
        List<NewMessage> rows = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (m == null) {
                throw Failures.invalid("message " + i + " of memory '" + id + "' is null");
            }
            rows.add(new NewMessage(m.type().name(), Json.parse(ChatMessageSerializer.messageToJson(m))));
        }
        conversations.replaceWindow(id, rows);
    }

    @Override
    public void deleteMessages(Object memoryId) {
        conversations.delete(id(memoryId));
    }

    /** Every message the memory ever held, oldest first, evicted ones included (a page at a time). */
    public Page<ChatMessage> history(Object memoryId, PageRequest request) {
        String id = id(memoryId);
        Page<Message> page = conversations.history(id, request);
        return new Page<>(read(id, page.items()), page.next());
    }

    private static List<ChatMessage> read(String id, List<Message> stored) {
        List<ChatMessage> out = new ArrayList<>(stored.size());
        for (Message m : stored) {
            try {
                out.add(ChatMessageDeserializer.messageFromJson(m.content().text()));
            } catch (RuntimeException e) {
                throw Failures.of(
                        ErrorCode.INVALID_ARGUMENT,
                        "message " + m.seq() + " of memory '" + id + "' (type '" + m.type()
                                + "') cannot be read back by this LangChain4j (" + e.getMessage()
                                + "); it is kept as stored",
                        e);
            }
        }
        return out;
    }
}
