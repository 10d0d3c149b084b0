package io.agentstore.tasks;

import static io.agentstore.Errors.assertFails;
import static io.agentstore.TestPages.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import io.agentstore.sessions.NewSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TaskStoreTest extends StoreTestBase {

    private TaskStore tasks() {
        return store().tasks();
    }

    private Task enqueue(String id, int priority) {
        clock.advance(Duration.ofMillis(1));
        return tasks().enqueue(NewTask.of("do " + id).withId(id).withPriority(priority));
    }

    @Test
    void claimTakesTheHighestPriorityThenTheOldest() {
        enqueue("low-old", 2);
        enqueue("high-old", 9);
        enqueue("mid", 5);
        enqueue("high-new", 9);
        List<String> order = new ArrayList<>();
        tasks().claim().ifPresent(t -> order.add(t.id()));
        tasks().claim(3).forEach(t -> order.add(t.id()));
        assertThat(order).containsExactly("high-old", "high-new", "mid", "low-old");
        assertThat(tasks().claim()).isEmpty();
        Task running = tasks().get("mid").orElseThrow();
        assertThat(running.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(running.startedAt()).isEqualTo(clock.instant());
        assertThat(running.timeoutAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    }

    @Test
    void aClaimSetsTheTimeoutToTheMicrosecond() {
        tasks().enqueue(NewTask.of("short").withId("short").withTimeout(Duration.ofSeconds(30)));
        clock.advance(Duration.ofMillis(1));
        tasks().enqueue(NewTask.of("long").withId("long").withTimeout(Duration.ofDays(400)));
        // A fraction that rounds up at the millisecond: the timeout must not gain a second.
        clock.advance(Duration.ofSeconds(59).plusNanos(999_999_000));
        List<Task> claimed = tasks().claim(2);
        assertThat(claimed).extracting(Task::id).containsExactly("short", "long");
        for (Task t : claimed) {
            Task stored = tasks().get(t.id()).orElseThrow();
            assertThat(stored.startedAt()).isEqualTo(clock.instant());
            assertThat(stored.timeoutAt())
                    .as(t.id())
                    .isEqualTo(clock.instant().plusSeconds(t.timeoutSeconds()))
                    .isEqualTo(t.timeoutAt());
        }
    }

    @Test
    void enqueueKeepsEverythingItWasGiven() {
        store().sessions().create(NewSession.of("bot", "alice").withId("s1"));
        tasks().enqueue(NewTask.of("parent").withId("p"));
        Task t = tasks().enqueue(NewTask.of("line one\nline two")
                .withId("c")
                .withAgentType("coder")
                .withPriority(7)
                .withInput(Map.of("repo", "x"))
                .withParent("p")
                .inSession("s1")
                .withMaxRetries(1)
                .withTimeout(Duration.ofSeconds(30))
                .by("planner"));
        assertThat(t).isEqualTo(tasks().get("c").orElseThrow());
        assertThat(t.prompt()).isEqualTo("line one\nline two");
        assertThat(t.inputData()).isEqualTo(Json.of(Map.of("repo", "x")));
        assertThat(t.parentTaskId()).isEqualTo("p");
        assertThat(t.sessionId()).isEqualTo("s1");
        assertThat(t.timeoutSeconds()).isEqualTo(30);
        assertThat(t.status()).isEqualTo(TaskStatus.PENDING);
        assertFails(
                ErrorCode.CONFLICT, () -> tasks().enqueue(NewTask.of("again").withId("c")), "'c'");
        assertFails(ErrorCode.NOT_FOUND, () -> tasks().enqueue(NewTask.of("x").withParent("ghost")), "'ghost'");
        assertFails(ErrorCode.NOT_FOUND, () -> tasks().enqueue(NewTask.of("x").dependingOn("ghost")), "'ghost'");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> tasks().enqueue(NewTask.of("x").withPriority(11)),
                "11");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> tasks().enqueue(NewTask.of("x").withTimeout(Duration.ZERO)),
                "PT0S");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> tasks().enqueue(NewTask.of("nul\u0000").withId("n")),
                "U+0000");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> tasks().enqueue(NewTask.of("x").withId("self").dependingOn("self")),
                "itself");
    }

    @Test
    void aTaskRunsOnlyOnceItsDependenciesCompleted() {
        enqueue("a", 5);
        enqueue("b", 5);
        Task c = tasks().enqueue(NewTask.of("c").withId("c").withPriority(10).dependingOn("a", "b"));
        assertThat(c.unmetDependencies()).isEqualTo(2);
        assertThat(c.dependencies()).containsExactly("a", "b");
        assertThat(tasks().claim(10)).extracting(Task::id).containsExactly("a", "b");
        tasks().complete("a", Map.of("ok", true));
        assertThat(tasks().claim()).isEmpty();
        tasks().complete("b", "done");
        assertThat(tasks().get("c").orElseThrow().unmetDependencies()).isZero();
        assertThat(tasks().claim().orElseThrow().id()).isEqualTo("c");
        // A dependency already completed counts as met at enqueue time.
        assertThat(tasks().enqueue(NewTask.of("d").withId("d").dependingOn("a")).unmetDependencies())
                .isZero();
    }

    @Test
    void completeRecordsTheResultAndRefusesAnythingButARunningTask() {
        enqueue("t", 5);
        assertFails(ErrorCode.CONFLICT, () -> tasks().complete("t", 1), "pending, not running");
        tasks().claim();
        Task done = tasks().complete("t", Map.of("answer", 42));
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(done.resultData()).isEqualTo(Json.of(Map.of("answer", 42)));
        assertThat(done.completedAt()).isEqualTo(clock.instant());
        assertFails(ErrorCode.CONFLICT, () -> tasks().complete("t", 2), "completed");
        assertFails(ErrorCode.CONFLICT, () -> tasks().fail("t", "boom"), "completed");
        assertFails(ErrorCode.CONFLICT, () -> tasks().cancel("t", null), "completed");
        assertFails(ErrorCode.NOT_FOUND, () -> tasks().complete("ghost", 1), "'ghost'");
    }

    @Test
    void aFailedRunIsRetriedUntilTheRetriesAreSpentThenItsDependentsAreCancelled() {
        tasks().enqueue(NewTask.of("flaky").withId("f").withMaxRetries(2));
        tasks().enqueue(NewTask.of("next").withId("n").dependingOn("f"));
        tasks().enqueue(NewTask.of("after next").withId("n2").dependingOn("n"));
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThat(tasks().claim().orElseThrow().id()).isEqualTo("f");
            Outcome o = tasks().fail("f", "attempt " + attempt + " failed");
            assertThat(o.task().status()).isEqualTo(TaskStatus.PENDING);
            assertThat(o.task().retryCount()).isEqualTo(attempt);
            assertThat(o.task().errorMessage()).isEqualTo("attempt " + attempt + " failed");
            assertThat(o.cancelledDependents()).isEmpty();
        }
        tasks().claim();
        Outcome last = tasks().fail("f", "gave up");
        assertThat(last.task().status()).isEqualTo(TaskStatus.FAILED);
        assertThat(last.cancelledDependents()).containsExactly("n", "n2");
        assertThat(tasks().get("n2").orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(tasks().get("n2").orElseThrow().errorMessage()).contains("dependency f failed");
        assertFails(ErrorCode.CONFLICT, () -> tasks().enqueue(NewTask.of("x").dependingOn("f")), "failed");
    }

    @Test
    void cancellingAPendingOrRunningTaskCancelsItsDependents() {
        enqueue("a", 5);
        tasks().enqueue(NewTask.of("b").withId("b").dependingOn("a"));
        enqueue("unrelated", 5);
        tasks().claim();
        Outcome o = tasks().cancel("a", "user gave up");
        assertThat(o.task().status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(o.task().errorMessage()).isEqualTo("user gave up");
        assertThat(o.cancelledDependents()).containsExactly("b");
        assertThat(tasks().get("unrelated").orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
        assertFails(ErrorCode.CONFLICT, () -> tasks().cancel("a", null), "cancelled");
    }

    @Test
    void runningTasksPastTheirTimeoutAreRequeuedOrFailedByRecovery() {
        tasks().enqueue(NewTask.of("retryable")
                .withId("r")
                .withTimeout(Duration.ofSeconds(10))
                .withMaxRetries(1));
        tasks().enqueue(NewTask.of("last chance")
                .withId("l")
                .withTimeout(Duration.ofSeconds(10))
                .withMaxRetries(0));
        tasks().enqueue(NewTask.of("slow but fine").withId("s").withTimeout(Duration.ofMinutes(10)));
        tasks().enqueue(NewTask.of("dependent").withId("d").dependingOn("l"));
        tasks().claim(3);
        clock.advance(Duration.ofSeconds(11));
        assertThat(tasks().timedOut(10)).extracting(Task::id).containsExactlyInAnyOrder("r", "l");
        Recovery rec = tasks().recoverTimedOut(10);
        assertThat(rec.requeued()).extracting(Task::id).containsExactly("r");
        assertThat(rec.failed()).extracting(Task::id).containsExactly("l");
        assertThat(rec.cancelledDependents()).containsExactly("d");
        assertThat(tasks().get("r").orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
        assertThat(tasks().get("l").orElseThrow().errorMessage()).contains("timed out after 10 s");
        assertThat(tasks().get("s").orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(tasks().timedOut(10)).isEmpty();
    }

    @Test
    void childrenSessionStatusAndTimeRangeListingsPageThroughEverything() {
        store().sessions().create(NewSession.of("bot", "alice").withId("s1"));
        Instant start = clock.instant();
        tasks().enqueue(NewTask.of("parent").withId("p"));
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            if (i % 4 == 0) {
                clock.advance(Duration.ofSeconds(1));
            }
            children.add(tasks().enqueue(NewTask.of("child " + i)
                            .withId(String.format("c%02d", i))
                            .withParent("p")
                            .inSession("s1"))
                    .id());
        }
        assertThat(all(cursor -> tasks().byParent("p", page(5, cursor)))).containsExactlyElementsOf(children);
        List<String> newestFirst = new ArrayList<>(children);
        Collections.reverse(newestFirst);
        assertThat(all(cursor -> tasks().bySession("s1", page(5, cursor)))).containsExactlyElementsOf(newestFirst);
        List<String> pending = new ArrayList<>(children);
        pending.add(0, "p");
        assertThat(all(cursor -> tasks().byStatus(TaskStatus.PENDING, page(3, cursor))))
                .containsExactlyElementsOf(pending);
        assertThat(all(cursor -> tasks().bySubmittedAt(start.plusSeconds(1), start.plusSeconds(2), page(3, cursor))))
                .containsExactly("c00", "c01", "c02", "c03");
    }

    private static List<String> all(Function<String, Page<Task>> listing) {
        return allItems(listing).stream().map(Task::id).toList();
    }

    @Test
    void legacyStateIsReadAndUpsertedByTaskAndKey() {
        enqueue("t", 5);
        assertThat(tasks().state("t", "k")).isEmpty();
        tasks().setState("t", "k", Map.of("v", 1));
        tasks().setState("t", "k", Map.of("v", 2));
        assertThat(tasks().state("t", "k")).contains(Json.of(Map.of("v", 2)));
        assertFails(ErrorCode.NOT_FOUND, () -> tasks().setState("ghost", "k", 1), "'ghost'");
    }

    @Test
    void timesBeyondWhatTheDatabaseHoldsAreInvalidArgumentsNamingTheValue() {
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> tasks().bySubmittedAt(Instant.MIN, Instant.EPOCH, PageRequest.first(10)),
                Instant.MIN.toString());
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> tasks().bySubmittedAt(Instant.EPOCH, Instant.MAX, PageRequest.first(10)),
                Instant.MAX.toString());
    }

    @Test
    void aTimeoutOverTheLimitIsRefusedNamingTheLimit() {
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> tasks().enqueue(NewTask.of("p").withTimeout(Duration.ofDays(40_000))),
                "between 1 s and 2147483647 s");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> tasks().enqueue(NewTask.of("p").withTimeout(Duration.ZERO)),
                "between 1 s and");
    }
}
