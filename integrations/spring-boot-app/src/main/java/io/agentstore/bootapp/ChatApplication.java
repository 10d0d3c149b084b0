package io.agentstore.bootapp;

import java.util.List;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The smallest chat service: Spring AI's chat memory, which agentstore keeps, over HTTP. */
@SpringBootApplication
public class ChatApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChatApplication.class, args);
    }

    @RestController
    static class Conversations {

        private final ChatMemory memory;

        Conversations(ChatMemory memory) {
            this.memory = memory;
        }

        @PostMapping("/conversations/{id}")
        void say(@PathVariable("id") String id, @RequestBody String text) {
            memory.add(id, new UserMessage(text));
        }

        @GetMapping("/conversations/{id}")
        List<String> read(@PathVariable("id") String id) {
            return memory.get(id).stream().map(Message::getText).toList();
        }
    }
}
