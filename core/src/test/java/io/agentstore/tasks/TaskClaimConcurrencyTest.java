package io.agentstore.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sixteen real worker threads drain one queue: every task claimed exactly once, none skipped. */
class TaskClaimConcurrencyTest extends StoreTestBase {

    @Test
    void sixteenWorkersClaimEveryTaskExactlyOnce() throws Exception {
        int total = 2_000;
        for (int i = 0; i < total; i++) {
            store().tasks()
                    .enqueue(NewTask.of("job " + i)
                            .withId(String.format("t%05d", i))
                            .withPriority(1 + i % 10));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> workers = new ArrayList<>();
        for (int w = 0; w < 16; w++) {
            int batch = w % 2 == 0 ? 1 : 7;
            workers.add(pool.submit(() -> {
                start.await();
                List<String> mine = new ArrayList<>();
                while (true) {
                    List<Task> got = store().tasks().claim(batch);
                    if (got.isEmpty()) {
                        return mine;
                    }
                    for (Task t : got) {
                        mine.add(t.id());
                        store().tasks().complete(t.id(), "done by worker");
                    }
                }
            }));
        }
        start.countDown();
        List<String> claimed = new ArrayList<>();
        for (Future<List<String>> f : workers) {
            claimed.addAll(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        Set<String> distinct = new HashSet<>(claimed);
        assertThat(claimed).hasSize(total);
        assertThat(distinct).hasSize(total);
        assertThat(store().tasks()
                        .byStatus(TaskStatus.COMPLETED, PageRequest.first(1000))
                        .items())
                .hasSize(1000);
        assertThat(store().tasks()
                        .byStatus(TaskStatus.PENDING, PageRequest.first(10))
                        .items())
                .isEmpty();
        assertThat(store().tasks()
                        .byStatus(TaskStatus.RUNNING, PageRequest.first(10))
                        .items())
                .isEmpty();
    }
}
