package io.agentstore.bench;

import com.google.adk.events.Event;
import com.google.adk.sessions.Session;
import com.google.genai.types.Content;
import com.google.genai.types.Part;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import io.agentstore.AgentStore;
import io.agentstore.adk.AgentStoreSessionService;
import io.agentstore.langchain4j.AgentStoreChatMemoryStore;
import io.agentstore.springai.AgentStoreChatMemoryRepository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepository;
import org.springframework.ai.chat.memory.repository.jdbc.SqliteChatMemoryRepositoryDialect;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Appending one message to a conversation through each framework's own memory API, on an
 * embedded file: to conversations that start empty and to ones that start with {@code history}
 * messages (each conversation takes {@link #PER_CONVERSATION} appends, then the next one
 * starts; after the last the first goes on, so over a run a conversation grows by a few
 * thousand in both cases). Chat memories keep a window of 20.
 * {@code spring-ai-jdbc} is Spring AI's own JDBC repository on SQLite (WAL, synchronous=NORMAL,
 * one connection, as agentstore's writer), measured the same way.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class FrameworkBenchmarks {

    static final int PER_CONVERSATION = 1_000;
    static final int CONVERSATIONS = 24;
    static final int WINDOW = 20;

    @Param({"adk", "langchain4j", "spring-ai", "spring-ai-jdbc"})
    public String framework;

    @Param({"0", "1000"})
    public int history;

    private Path dir;
    private AgentStore store;
    private SingleConnectionDataSource jdbc;
    private Adder adder;
    private long n;

    /** One way of appending the next message to conversation {@code c}. */
    interface Adder {
        void add(int conversation, long i);
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("agentstore-frameworks");
        store = AgentStore.open(dir.resolve("frameworks.db"));
        switch (framework) {
            case "adk" -> adder = adk();
            case "langchain4j" -> adder = langchain4j();
            case "spring-ai" -> adder = springAi(new AgentStoreChatMemoryRepository(store));
            case "spring-ai-jdbc" -> adder = springAi(springJdbc());
            default -> throw new IllegalArgumentException("framework " + framework);
        }
        // Each conversation's earlier messages, written through the framework as it would have.
        // (Spring AI's JDBC repository keeps only the window: it gets the last WINDOW of them.)
        int earlier = framework.equals("spring-ai-jdbc") ? Math.min(history, WINDOW) : history;
        for (int c = 0; c < CONVERSATIONS; c++) {
            for (int i = 0; i < earlier; i++) {
                adder.add(c, -1 - i);
            }
        }
    }

    private Adder adk() {
        AgentStoreSessionService svc = new AgentStoreSessionService(store);
        for (int c = 0; c < CONVERSATIONS; c++) {
            svc.createSession("bench", "user", (Map<String, Object>) null, "s" + c)
                    .blockingGet();
        }
        Session[] open = new Session[CONVERSATIONS];
        return (c, i) -> {
            if (open[c] == null) {
                // As a runner holds it: the session read once, with its recent events.
                open[c] = svc.getSession(
                                "bench",
                                "user",
                                "s" + c,
                                Optional.of(com.google.adk.sessions.GetSessionConfig.builder()
                                        .numRecentEvents(WINDOW)
                                        .build()))
                        .blockingGet();
            }
            svc.appendEvent(open[c], event(i)).blockingGet();
        };
    }

    private static Event event(long i) {
        return Event.builder()
                .id("e" + i + "-" + System.nanoTime())
                .invocationId("inv")
                .author("user")
                .content(Content.builder()
                        .role("user")
                        .parts(List.of(Part.fromText("message number " + i + " of the benchmark")))
                        .build())
                .timestamp(1_780_000_000_000L + i)
                .build();
    }

    private Adder langchain4j() {
        AgentStoreChatMemoryStore memoryStore = new AgentStoreChatMemoryStore(store);
        MessageWindowChatMemory[] memories = new MessageWindowChatMemory[CONVERSATIONS];
        return (c, i) -> {
            if (memories[c] == null) {
                memories[c] = MessageWindowChatMemory.builder()
                        .id("c" + c)
                        .maxMessages(WINDOW)
                        .chatMemoryStore(memoryStore)
                        .build();
            }
            memories[c].add(UserMessage.from("message number " + i + " of the benchmark"));
        };
    }

    private Adder springAi(org.springframework.ai.chat.memory.ChatMemoryRepository repository) {
        ChatMemory memory = org.springframework.ai.chat.memory.MessageWindowChatMemory.builder()
                .chatMemoryRepository(repository)
                .maxMessages(WINDOW)
                .build();
        return (c, i) -> memory.add(
                "c" + c,
                new org.springframework.ai.chat.messages.UserMessage("message number " + i + " of the benchmark"));
    }

    private JdbcChatMemoryRepository springJdbc() throws IOException {
        jdbc = new SingleConnectionDataSource(
                "jdbc:sqlite:" + dir.resolve("spring-ai.db") + "?journal_mode=WAL&synchronous=NORMAL", true);
        JdbcTemplate template = new JdbcTemplate(jdbc);
        try (InputStream in = JdbcChatMemoryRepository.class.getResourceAsStream("schema-sqlite.sql")) {
            for (String statement : new String(in.readAllBytes(), StandardCharsets.UTF_8).split(";")) {
                if (!statement.isBlank()) {
                    template.execute(statement);
                }
            }
        }
        return JdbcChatMemoryRepository.builder()
                .jdbcTemplate(template)
                .dialect(new SqliteChatMemoryRepositoryDialect())
                .build();
    }

    @Benchmark
    public void appendOneMessage() {
        long i = n++;
        adder.add((int) ((i / PER_CONVERSATION) % CONVERSATIONS), i);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        if (jdbc != null) {
            jdbc.destroy();
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
