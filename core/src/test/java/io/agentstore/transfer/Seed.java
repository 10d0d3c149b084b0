package io.agentstore.transfer;

import io.agentstore.AgentStore;
import io.agentstore.agents.NewAgent;
import io.agentstore.audit.NewAuditRecord;
import io.agentstore.documents.DocumentSync;
import io.agentstore.documents.DocumentType;
import io.agentstore.documents.NewDocument;
import io.agentstore.lifecycle.RetentionPolicy;
import io.agentstore.memory.MemoryDelete;
import io.agentstore.memory.MemoryType;
import io.agentstore.memory.MemoryUpdate;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import io.agentstore.tasks.NewCheckpoint;
import io.agentstore.tasks.NewTask;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A store with a row in every table: what an export must carry and an import give back. */
final class Seed {

    private Seed() {}

    /** Fills every table with {@code n} of each kind of thing (tagged {@code tag}), times moved by {@code tick}. */
    static void fill(AgentStore store, String tag, int n, Runnable tick) {
        for (int s = 0; s < n; s++) {
            String sid = tag + "-s" + s;
            store.sessions()
                    .create(NewSession.of("app", tag + "-u" + (s % 2))
                            .withId(sid)
                            .withState(Map.of("mood", "calm", "n", s))
                            .withMetadata(Map.of("channel", "web")));
            store.sessions().activate(sid);
            for (int e = 0; e < 3; e++) {
                tick.run();
                store.sessions()
                        .append(
                                sid,
                                NewEvent.of(
                                                "message",
                                                e % 2 == 0 ? "user" : "agent",
                                                Map.of("text", "héllo \"" + e + "\" ✓"))
                                        .withStateDelta(Map.of("topic", "t" + e, "user:lang", "fr", "app:v", e)));
            }
            store.memory()
                    .add(NewMemory.of("user:" + tag + ":prefs", "k" + s, "value " + s)
                            .withEmbedding(new float[] {1, s, 0.5f})
                            .withMetadata(Map.of("source", "chat"))
                            .by(tag));
            store.memory()
                    .add(NewMemory.of("user:" + tag + ":facts", "f" + s, "fact " + s)
                            .withEmbedding(new float[] {1, s, 0.5f}));
            tick.run();
            store.memory().update(MemoryUpdate.of("user:" + tag + ":prefs", "k" + s, List.of("v2", s)));
            store.memory()
                    .add(NewMemory.of("session:" + sid, "note", "episodic " + s).withType(MemoryType.EPISODIC));
            if (s % 2 == 1) {
                tick.run();
                store.memory().delete(MemoryDelete.of("session:" + sid, "note"));
            }
            String parent = tag + "-t" + s;
            store.tasks()
                    .enqueue(NewTask.of("do " + s)
                            .withId(parent)
                            .inSession(sid)
                            .withInput(Map.of("q", s))
                            .by(tag));
            // A child submitted after its parent, and a task depending on both.
            store.tasks()
                    .enqueue(NewTask.of("child " + s).withId(tag + "-c" + s).withParent(parent));
            store.tasks()
                    .enqueue(NewTask.of("after " + s).withId(tag + "-d" + s).dependingOn(parent, tag + "-c" + s));
            store.tasks().setState(parent, "progress", s);
            store.checkpoints()
                    .save(NewCheckpoint.of(parent, 1, Map.of("step", 1)).inSession(sid));
            store.agents()
                    .spawn(NewAgent.of("helper")
                            .withId(tag + "-a" + s)
                            .inSession(sid)
                            .forTask(parent));
            store.audit()
                    .record(NewAuditRecord.of("tool-call")
                            .by(tag)
                            .inTask(parent)
                            .withData(Map.of("x", s)));
            store.metrics().record("latency_ms", 10.25 * s, Map.of("route", "/chat"));
            String path = tag + "/doc" + s + ".md";
            store.documents()
                    .upsert(NewDocument.of(path, DocumentType.PLAN, "a".repeat(64))
                            .withMetadata(Map.of("y", s)));
            if (s % 2 == 0) {
                store.documents()
                        .markSynced(DocumentSync.of(path, "a".repeat(64))
                                .withEmbedding("embed-v1", new float[] {s, 1, 2, 3}));
            }
        }
        // Bookkeeping rows: a complete retention run (history horizons, the search feeds'
        // floors), and one stopped after its first batch (the position it will go on from).
        tick.run();
        store.retention()
                .run(RetentionPolicy.keepEverything()
                        .withEventsOlderThan(Duration.ofDays(1))
                        .withMemoryVersionsOlderThan(Duration.ofNanos(1000))
                        .withSearchFeedKeepLast(2));
        store.retention()
                .run(RetentionPolicy.keepEverything().withEventsKeepLast(2).withBatchSize(1), Duration.ofNanos(1));
    }
}
