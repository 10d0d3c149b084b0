package io.agentstore.cli;

import io.agentstore.AgentStore;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.sessions.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = "Reads a session's events. Reads only.",
        subcommands = {EventsCommand.Tail.class})
final class EventsCommand extends CommandGroup {

    @Command(
            name = "tail",
            mixinStandardHelpOptions = true,
            description = {
                "A session's last events, oldest first; with --follow, then each new one as it is appended (until interrupted), one per line (with --json, one JSON object per line: JSON Lines)."
            })
    static final class Tail implements Callable<Integer> {

        @Mixin
        StoreArgs store;

        @Mixin
        Out out;

        @Parameters(index = "0", paramLabel = "<session>", description = "The session's id.")
        String session;

        @Option(
                names = {"-n", "--lines"},
                defaultValue = "20",
                description = "How many of the last events (default ${DEFAULT-VALUE}).")
        int lines;

        @Option(
                names = {"-f", "--follow"},
                description = "Keep printing events as they are appended.")
        boolean follow;

        @Option(
                names = "--interval",
                defaultValue = "1s",
                converter = DurationConverter.class,
                description = "With --follow: how often to look for new events (default ${DEFAULT-VALUE}).")
        Duration interval;

        @Override
        public Integer call() throws InterruptedException {
            try (AgentStore s = store.open(true)) {
                if (s.sessions().get(session).isEmpty()) {
                    throw CliFailure.notFound("no session '" + session + "'");
                }
                List<Event> last = lines == 0 ? List.of() : s.sessions().lastEvents(session, lines);
                long seq =
                        last.isEmpty() ? lastSeq(s) : last.get(last.size() - 1).seq();
                if (!follow) {
                    out.table(
                            Rows.EVENT_COLUMNS,
                            last.stream().<Map<String, ?>>map(Rows::event).toList(),
                            Map.of());
                    return ExitCode.OK;
                }
                print(last);
                while (follow) {
                    Thread.sleep(interval.toMillis());
                    Page<Event> page;
                    do {
                        page = s.sessions().eventsAfter(session, seq, PageRequest.first(500));
                        print(page.items());
                        if (!page.items().isEmpty()) {
                            seq = page.items().get(page.items().size() - 1).seq();
                        }
                    } while (page.hasMore());
                }
                return ExitCode.OK;
            }
        }

        private long lastSeq(AgentStore s) {
            List<Event> one = s.sessions().lastEvents(session, 1);
            return one.isEmpty() ? 0 : one.get(0).seq();
        }

        /** One event per line: JSON Lines with --json, else "seq time type actor content". */
        private void print(List<Event> events) {
            for (Event e : events) {
                if (out.json) {
                    try {
                        out.out().println(Out.COMPACT.writeValueAsString(Out.plain(Rows.event(e))));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
                        throw new IllegalStateException(x);
                    }
                } else {
                    out.out()
                            .println(e.seq() + "  " + e.createdAt() + "  " + e.type() + "  " + e.actor() + "  "
                                    + Out.text(e.content()));
                }
            }
            out.out().flush();
        }
    }
}
