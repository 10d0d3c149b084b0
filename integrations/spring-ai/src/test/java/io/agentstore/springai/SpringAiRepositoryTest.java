package io.agentstore.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.Errors;
import io.agentstore.Interleaving;
import io.agentstore.Json;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import io.agentstore.conversations.Conversations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;

class SpringAiRepositoryTest extends StoreTestBase {

    private static List<String> texts(List<Message> messages) {
        return messages.stream().map(Message::getText).toList();
    }

    @Test
    void eightThreadsOnTwoStoresLoseNoMessageAndAgreeOnTheOrder() throws Exception {
        AgentStore second = openStore(options());
        AgentStoreChatMemoryRepository a = new AgentStoreChatMemoryRepository(store());
        AgentStoreChatMemoryRepository b = new AgentStoreChatMemoryRepository(second);
        int threads = 8;
        int each = 15;
        Interleaving.concurrently(threads, thread -> {
            ChatMemory memory = MessageWindowChatMemory.builder()
                    .chatMemoryRepository(thread % 2 == 0 ? a : b)
                    .maxMessages(1_000)
                    .build();
            for (int i = 0; i < each; i++) {
                memory.add("shared", new UserMessage("t" + thread + "-" + i));
            }
        });
        List<String> history =
                texts(a.history("shared", PageRequest.first(1_000)).items());
        assertThat(texts(b.history("shared", PageRequest.first(1_000)).items())).isEqualTo(history);
        Interleaving.eachWriterInOrder(history, threads, each);
        assertThat(texts(a.findByConversationId("shared"))).isEqualTo(history);
        assertThat(texts(b.findByConversationId("shared"))).isEqualTo(history);
    }

    @Test
    void unknownIdsAreEmptyAndBadInputIsRefusedNamingIt() {
        AgentStoreChatMemoryRepository r = new AgentStoreChatMemoryRepository(store());
        assertThat(r.findByConversationId("never")).isEmpty();
        assertThat(r.findConversationIds()).isEmpty();
        r.deleteByConversationId("never");
        assertThatThrownBy(() -> r.findByConversationId(null)).hasMessageContaining("conversation id");
        assertThatThrownBy(() -> r.saveAll("c", null)).hasMessageContaining("'c'");
        List<Message> withNull = new ArrayList<>();
        withNull.add(new UserMessage("ok"));
        withNull.add(null);
        assertThatThrownBy(() -> r.saveAll("c", withNull)).hasMessageContaining("message 1 of conversation 'c'");
        assertThat(r.findByConversationId("c")).isEmpty();
        // As Spring AI's own repository: an id must have text.
        for (String blank : new String[] {"", "  "}) {
            Errors.assertFails(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> r.findByConversationId(blank),
                    "conversation id",
                    "'" + blank + "'");
            Errors.assertFails(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> r.saveAll(blank, List.of(new UserMessage("x"))),
                    "conversation id");
            Errors.assertFails(ErrorCode.INVALID_ARGUMENT, () -> r.deleteByConversationId(blank), "conversation id");
        }
        // The page request is checked first, for an unknown conversation as for a known one.
        r.saveAll("known", List.of(new UserMessage("x")));
        for (String id : List.of("never", "known")) {
            for (int limit : new int[] {-1, 0, 1_000_000}) {
                Errors.assertFails(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> r.history(id, PageRequest.first(limit)),
                        "limit",
                        Integer.toString(limit));
            }
        }
        assertThat(r.findConversationIds()).containsExactly("known");
    }

    @Test
    void aMessageTypeALaterSpringAiAddsIsKeptAndNamedWhenItCannotBeRead() {
        AgentStoreChatMemoryRepository r = new AgentStoreChatMemoryRepository(store());
        r.saveAll("c", List.of(new UserMessage("hi")));
        Conversations raw = Conversations.of(store(), "spring-ai");
        List<Conversations.NewMessage> window = new ArrayList<>();
        raw.window("c").forEach(x -> window.add(new Conversations.NewMessage(x.type(), x.content())));
        window.add(new Conversations.NewMessage("REASONING", Json.of(Map.of("type", "REASONING", "text", "hmm"))));
        raw.replaceWindow("c", window);
        assertThatThrownBy(() -> r.findByConversationId("c"))
                .hasMessageContaining("message 2 of conversation 'c' (type 'REASONING') cannot be read back");
        assertThat(raw.history("c", PageRequest.first(10)).items()).hasSize(2);
    }
}
