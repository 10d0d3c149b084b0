package io.agentstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** Checks on a history that several writers appended to at once. */
public final class Interleaving {

    private Interleaving() {}

    /**
     * Every writer's items ({@code t<writer>-<i>}, i from 0) are all there, once each, and in the
     * order that writer appended them, whatever the interleaving.
     */
    public static void eachWriterInOrder(List<String> all, int writers, int each) {
        assertThat(all).hasSize(writers * each).doesNotHaveDuplicates();
        for (int t = 0; t < writers; t++) {
            String prefix = "t" + t + "-";
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                expected.add(prefix + i);
            }
            assertThat(all.stream().filter(x -> x.startsWith(prefix)).toList())
                    .as("writer %d's items, in its order", t)
                    .isEqualTo(expected);
        }
    }
}
