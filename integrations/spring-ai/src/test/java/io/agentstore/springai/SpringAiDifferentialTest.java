package io.agentstore.springai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentstore.AgentStore;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeTypeUtils;

/**
 * One conversation (every message type, metadata, media, tool calls and responses, a system
 * message replaced, a window that evicts) through Spring AI's own MessageWindowChatMemory over
 * its in-memory repository and over agentstore's: the memories must hold the same messages at
 * every step, and agentstore's must still hold them after the store is reopened.
 */
class SpringAiDifferentialTest extends StoreTestBase {

    static List<Message> script() {
        AssistantMessage.ToolCall call =
                new AssistantMessage.ToolCall("call-1", "function", "get_weather", "{\"city\":\"Paris\"}");
        return List.of(
                new SystemMessage("You are a weather bot."),
                UserMessage.builder()
                        .text("What is the weather here?")
                        .metadata(Map.of("user", "alice", "turn", 1))
                        .media(
                                Media.builder()
                                        .mimeType(MimeTypeUtils.IMAGE_PNG)
                                        .data(URI.create("https://example.com/sky.png"))
                                        .name("sky")
                                        .build(),
                                Media.builder()
                                        .mimeType(MimeTypeUtils.IMAGE_JPEG)
                                        .data(new byte[] {1, 2, 3, 4})
                                        .name("photo")
                                        .build())
                        .build(),
                AssistantMessage.builder()
                        .content("")
                        .properties(Map.of("model", "m1"))
                        .toolCalls(List.of(call))
                        .build(),
                ToolResponseMessage.builder()
                        .responses(List.of(
                                new ToolResponseMessage.ToolResponse("call-1", "get_weather", "{\"celsius\":21}")))
                        .metadata(Map.of("ms", 12))
                        .build(),
                new AssistantMessage("It is 21 degrees."),
                new SystemMessage("You are a terse weather bot."),
                new UserMessage("And tomorrow?"),
                new AssistantMessage("Rain."),
                new UserMessage("Thanks"),
                new AssistantMessage("You're welcome."));
    }

    /** What the memory holds after each message of the script. */
    static List<List<Message>> run(ChatMemoryRepository repository, String id) {
        ChatMemory memory = MessageWindowChatMemory.builder()
                .chatMemoryRepository(repository)
                .maxMessages(4)
                .build();
        List<List<Message>> seen = new ArrayList<>();
        for (Message m : script()) {
            memory.add(id, m);
            seen.add(memory.get(id));
        }
        return seen;
    }

    /** Messages as compared: their whole JSON (Spring AI's Media has no equals), and equal as objects where they hold no media. */
    static void same(List<Message> ours, List<Message> theirs) {
        assertThat(json(ours)).isEqualTo(json(theirs));
        for (int i = 0; i < ours.size(); i++) {
            if (!(ours.get(i) instanceof UserMessage u && !u.getMedia().isEmpty())) {
                assertThat(ours.get(i)).as("message %d", i).isEqualTo(theirs.get(i));
            }
        }
    }

    static List<JsonNode> json(List<Message> messages) {
        return messages.stream().map(m -> (JsonNode) MessageJson.write(m)).toList();
    }

    @Test
    void theMemoryHoldsWhatSpringAisOwnRepositoryHoldsAndTheHistoryEverything() {
        InMemoryChatMemoryRepository theirs = new InMemoryChatMemoryRepository();
        AgentStoreChatMemoryRepository ours = new AgentStoreChatMemoryRepository(store());
        List<List<Message>> expected = run(theirs, "c1");
        List<List<Message>> actual = run(ours, "c1");
        for (int i = 0; i < expected.size(); i++) {
            same(actual.get(i), expected.get(i));
        }
        run(theirs, "c2");
        run(ours, "c2");
        assertThat(new TreeSet<>(ours.findConversationIds())).isEqualTo(new TreeSet<>(theirs.findConversationIds()));
        List<Message> last = expected.get(expected.size() - 1);
        assertThat(last.size()).isLessThanOrEqualTo(4); // the window evicted
        assertThat(last.get(0).getText()).isEqualTo("You are a terse weather bot.");
        // The tool call, its response, the media and the metadata survived the round trip.
        List<Message> early = actual.get(3);
        assertThat(((AssistantMessage) early.get(2)).getToolCalls().get(0).arguments())
                .isEqualTo("{\"city\":\"Paris\"}");
        assertThat(((ToolResponseMessage) early.get(3)).getResponses().get(0).responseData())
                .isEqualTo("{\"celsius\":21}");
        assertThat(((UserMessage) early.get(1)).getMedia().get(1).getDataAsByteArray())
                .containsExactly(1, 2, 3, 4);
        assertThat(early.get(1).getMetadata()).containsEntry("turn", 1);

        store().close();
        try (AgentStore reopened = openStore(options())) {
            AgentStoreChatMemoryRepository again = new AgentStoreChatMemoryRepository(reopened);
            same(again.findByConversationId("c1"), theirs.findByConversationId("c1"));
            // The history holds every message any window held, in order. (Spring AI's window can
            // evict a message in the very add() that brings it, before the repository sees it:
            // here "It is 21 degrees.", dropped with the tool call group it followed.)
            List<JsonNode> everHeld = new ArrayList<>();
            for (List<Message> window : actual) {
                for (JsonNode m : json(window)) {
                    if (!everHeld.contains(m)) {
                        everHeld.add(m);
                    }
                }
            }
            assertThat(json(again.history("c1", PageRequest.first(100)).items()))
                    .isEqualTo(everHeld);
            assertThat(everHeld).hasSize(script().size() - 1);
            again.deleteByConversationId("c1");
            theirs.deleteByConversationId("c1");
            assertThat(again.findByConversationId("c1"))
                    .isEqualTo(theirs.findByConversationId("c1"))
                    .isEmpty();
            assertThat(again.findConversationIds()).containsExactlyElementsOf(theirs.findConversationIds());
        }
    }

    @Test
    void withoutHistoryTheEvictedMessagesAreGone() {
        AgentStoreChatMemoryRepository ours = new AgentStoreChatMemoryRepository(store()).withoutHistory();
        List<List<Message>> seen = run(ours, "c");
        same(ours.history("c", PageRequest.first(100)).items(), seen.get(seen.size() - 1));
    }
}
