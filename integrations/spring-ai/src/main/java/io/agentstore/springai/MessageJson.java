package io.agentstore.springai;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.ai.content.MediaContent;
import org.springframework.util.MimeType;

/**
 * Spring AI messages as JSON, whole: type, text, metadata, media (by URL, or its bytes in
 * base64), an assistant's tool calls and a tool message's responses. Spring AI has no JSON form
 * of its own for messages; this one keeps everything its message classes hold. Metadata values
 * are kept as JSON (strings, numbers, booleans, lists and maps come back as such).
 */
final class MessageJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private MessageJson() {}

    static ObjectNode write(Message m) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("type", m.getMessageType().name());
        if (m.getText() != null) {
            o.put("text", m.getText());
        }
        o.set("metadata", MAPPER.valueToTree(m.getMetadata()));
        if (m instanceof MediaContent mc
                && mc.getMedia() != null
                && !mc.getMedia().isEmpty()) {
            ArrayNode media = o.putArray("media");
            for (Media x : mc.getMedia()) {
                ObjectNode mo = media.addObject();
                mo.put("mimeType", x.getMimeType().toString());
                if (x.getId() != null) {
                    mo.put("id", x.getId());
                }
                if (x.getName() != null) {
                    mo.put("name", x.getName());
                }
                if (x.getData() instanceof String url) {
                    mo.put("url", url);
                } else {
                    mo.put("data", Base64.getEncoder().encodeToString(x.getDataAsByteArray()));
                }
            }
        }
        if (m instanceof AssistantMessage a && a.hasToolCalls()) {
            ArrayNode calls = o.putArray("toolCalls");
            for (AssistantMessage.ToolCall c : a.getToolCalls()) {
                calls.addObject()
                        .put("id", c.id())
                        .put("type", c.type())
                        .put("name", c.name())
                        .put("arguments", c.arguments());
            }
        }
        if (m instanceof ToolResponseMessage t) {
            ArrayNode responses = o.putArray("responses");
            for (ToolResponseMessage.ToolResponse r : t.getResponses()) {
                responses.addObject().put("id", r.id()).put("name", r.name()).put("responseData", r.responseData());
            }
        }
        return o;
    }

    /** A message back from its JSON; a type this Spring AI does not have is an IllegalArgumentException. */
    static Message read(JsonNode o) {
        MessageType type = MessageType.valueOf(o.path("type").asText());
        String text = o.hasNonNull("text") ? o.get("text").asText() : null;
        Map<String, Object> metadata = o.has("metadata") ? MAPPER.convertValue(o.get("metadata"), MAP) : Map.of();
        List<Media> media = new ArrayList<>();
        for (JsonNode x : o.path("media")) {
            Media.Builder b =
                    Media.builder().mimeType(MimeType.valueOf(x.path("mimeType").asText()));
            if (x.has("url")) {
                b.data(URI.create(x.get("url").asText()));
            } else {
                b.data(Base64.getDecoder().decode(x.path("data").asText()));
            }
            if (x.has("id")) {
                b.id(x.get("id").asText());
            }
            if (x.has("name")) {
                b.name(x.get("name").asText());
            }
            media.add(b.build());
        }
        return switch (type) {
            case USER ->
                UserMessage.builder()
                        .text(text == null ? "" : text)
                        .media(media)
                        .metadata(metadata)
                        .build();
            case SYSTEM ->
                SystemMessage.builder()
                        .text(text == null ? "" : text)
                        .metadata(metadata)
                        .build();
            case ASSISTANT -> {
                List<AssistantMessage.ToolCall> calls = new ArrayList<>();
                for (JsonNode c : o.path("toolCalls")) {
                    calls.add(new AssistantMessage.ToolCall(
                            c.path("id").asText(null),
                            c.path("type").asText(null),
                            c.path("name").asText(null),
                            c.path("arguments").asText(null)));
                }
                yield AssistantMessage.builder()
                        .content(text)
                        .properties(metadata)
                        .toolCalls(calls)
                        .media(media)
                        .build();
            }
            case TOOL -> {
                List<ToolResponseMessage.ToolResponse> responses = new ArrayList<>();
                for (JsonNode r : o.path("responses")) {
                    responses.add(new ToolResponseMessage.ToolResponse(
                            r.path("id").asText(null),
                            r.path("name").asText(null),
                            r.path("responseData").asText(null)));
                }
                yield ToolResponseMessage.builder()
                        .responses(responses)
                        .metadata(metadata)
                        .build();
            }
        };
    }
}
