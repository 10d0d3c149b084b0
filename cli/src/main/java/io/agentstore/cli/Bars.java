package io.agentstore.cli;

import io.agentstore.transfer.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Option;

/**
 * The progress bar of long work (backup, restore, export, import, migrate), on standard error:
 * shown when standard error is a terminal, or when asked for with {@code --progress}; never with
 * {@code --json} unless asked for.
 */
final class Bars {

    @Option(
            names = "--progress",
            negatable = true,
            description = "Show a progress bar on standard error (default: when it is a terminal and not --json).")
    Boolean progress;

    /** A progress bar for one piece of work, or a silent one. */
    Bar start(String task, String unit, boolean json) {
        boolean show = progress != null ? progress : System.console() != null && !json;
        if (!show) {
            return new Bar(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err, 100))
                .build();
        return new Bar(bar);
    }

    /** A bar as the library's {@link Progress}; closing it finishes the line. */
    static final class Bar implements Progress, AutoCloseable {
        private final ProgressBar bar;

        Bar(ProgressBar bar) {
            this.bar = bar;
        }

        @Override
        public void update(long done, long total) {
            if (bar != null) {
                bar.maxHint(total);
                bar.stepTo(done);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
