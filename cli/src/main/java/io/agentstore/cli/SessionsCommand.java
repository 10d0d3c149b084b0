package io.agentstore.cli;

import io.agentstore.AgentStore;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.sessions.Event;
import io.agentstore.sessions.Session;
import io.agentstore.sessions.SessionStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "sessions",
        mixinStandardHelpOptions = true,
        description = "Reads sessions. Reads only.",
        subcommands = {SessionsCommand.ListSessions.class, SessionsCommand.Show.class})
final class SessionsCommand extends CommandGroup {

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description =
                    "Lists a user's or a project's sessions (newest first), or those in one status (most recently updated first).")
    static final class ListSessions implements Callable<Integer> {

        @Mixin
        StoreArgs store;

        @Mixin
        Out out;

        static final class Which {
            @Option(names = "--user", description = "The sessions of this user id.")
            String user;

            @Option(names = "--project", description = "The sessions of this project id.")
            String project;

            @Option(names = "--status", description = "The sessions in this status: ${COMPLETION-CANDIDATES}.")
            SessionStatus status;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        @Mixin
        Paging paging;

        @Override
        public Integer call() {
            try (AgentStore s = store.open(true)) {
                PageRequest page = paging.request();
                Page<Session> sessions = which.user != null
                        ? s.sessions().byUser(which.user, page)
                        : which.project != null
                                ? s.sessions().byProject(which.project, page)
                                : s.sessions().byStatus(which.status, page);
                Paging.print(out, Rows.SESSION_COLUMNS, sessions, Rows::session);
                return ExitCode.OK;
            }
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "One session: its fields, its state and its last events.")
    static final class Show implements Callable<Integer> {

        @Mixin
        StoreArgs store;

        @Mixin
        Out out;

        @Parameters(index = "0", paramLabel = "<id>", description = "The session's id.")
        String id;

        @Option(
                names = "--events",
                defaultValue = "10",
                description = "How many of its last events to show (default ${DEFAULT-VALUE}).")
        int events;

        @Override
        public Integer call() {
            try (AgentStore s = store.open(true)) {
                Session session =
                        s.sessions().get(id).orElseThrow(() -> CliFailure.notFound("no session " + quote(id)));
                List<Event> last = events == 0 ? List.of() : s.sessions().lastEvents(id, events);
                Map<String, Object> doc = Rows.session(session);
                if (out.json) {
                    doc.put("lastEvents", last.stream().map(Rows::event).toList());
                    out.print(doc);
                } else {
                    out.record(doc);
                    if (!last.isEmpty()) {
                        out.out().println();
                        out.table(
                                Rows.EVENT_COLUMNS,
                                last.stream().<Map<String, ?>>map(Rows::event).toList(),
                                Map.of());
                    }
                }
                return ExitCode.OK;
            }
        }
    }

    static String quote(String s) {
        return "'" + s + "'";
    }
}
