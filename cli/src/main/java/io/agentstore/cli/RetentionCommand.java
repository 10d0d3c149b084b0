package io.agentstore.cli;

import io.agentstore.AgentStore;
import io.agentstore.lifecycle.RetentionPolicy;
import io.agentstore.lifecycle.RetentionReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "retention",
        mixinStandardHelpOptions = true,
        description = {
            "Deletes what the policy given by the options says is past keeping, in small batches beside the store's traffic (see docs/lifecycle.md).",
            "Nothing is deleted without a rule for it, except expired episodic memory. --dry-run counts what would be deleted and deletes nothing."
        })
final class RetentionCommand implements Callable<Integer> {

    @Mixin
    StoreArgs store;

    @Mixin
    Out out;

    @Option(
            names = "--dry-run",
            description = "Count what a run would delete; delete nothing (each batch runs and is rolled back).")
    boolean dryRun;

    @Option(
            names = "--events-older-than",
            converter = DurationConverter.class,
            paramLabel = "<age>",
            description = "Delete session events older than this (e.g. 90d).")
    Duration eventsOlderThan;

    @Option(names = "--events-keep-last", paramLabel = "<n>", description = "Keep only each session's last n events.")
    Integer eventsKeepLast;

    @Option(
            names = "--memory-versions-older-than",
            converter = DurationConverter.class,
            paramLabel = "<age>",
            description = "Delete past memory versions older than this (never a key's current one).")
    Duration memoryVersionsOlderThan;

    @Option(
            names = "--memory-versions-keep-last",
            paramLabel = "<n>",
            description = "Keep only each key's last n versions.")
    Integer memoryVersionsKeepLast;

    @Option(
            names = "--audit-older-than",
            converter = DurationConverter.class,
            paramLabel = "<age>",
            description = "Delete audit records older than this.")
    Duration auditOlderThan;

    @Option(
            names = "--metrics-older-than",
            converter = DurationConverter.class,
            paramLabel = "<age>",
            description = "Delete metric points older than this.")
    Duration metricsOlderThan;

    @Option(
            names = "--checkpoints-keep-last",
            paramLabel = "<n>",
            description = "Keep only each session's last n checkpoints.")
    Integer checkpointsKeepLast;

    @Option(
            names = "--ended-sessions-older-than",
            converter = DurationConverter.class,
            paramLabel = "<age>",
            description = "Delete terminated and archived sessions, whole, ended longer ago than this.")
    Duration endedSessionsOlderThan;

    @Option(names = "--keep-expired-memory", description = "Do not retire episodic memory past its TTL.")
    boolean keepExpiredMemory;

    @Option(
            names = "--budget",
            converter = DurationConverter.class,
            paramLabel = "<time>",
            description = "Stop after this long; the next run goes on from there.")
    Duration budget;

    RetentionPolicy policy() {
        return RetentionPolicy.keepEverything()
                .withEventsOlderThan(eventsOlderThan)
                .withEventsKeepLast(eventsKeepLast)
                .withMemoryVersionsOlderThan(memoryVersionsOlderThan)
                .withMemoryVersionsKeepLast(memoryVersionsKeepLast)
                .withAuditOlderThan(auditOlderThan)
                .withMetricsOlderThan(metricsOlderThan)
                .withCheckpointsKeepLast(checkpointsKeepLast)
                .withEndedSessionsOlderThan(endedSessionsOlderThan)
                .withExpiredMemory(!keepExpiredMemory);
    }

    @Override
    public Integer call() {
        RetentionPolicy policy = policy();
        RetentionReport report;
        try (AgentStore s = store.open(false)) {
            if (dryRun) {
                report = s.retention().dryRun(policy);
            } else if (budget != null) {
                report = s.retention().run(policy, budget);
            } else {
                report = s.retention().run(policy);
            }
        }
        if (out.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("dryRun", report.dryRun());
            doc.put("complete", report.complete());
            doc.put("deleted", report.deleted());
            doc.put("total", report.total());
            doc.put("startedAt", report.startedAt());
            doc.put("took", report.took().toMillis() / 1e3);
            out.print(doc);
        } else {
            List<Map<String, ?>> rows = new ArrayList<>();
            report.deleted()
                    .forEach((table, n) ->
                            rows.add(Out.fields("table", table, report.dryRun() ? "would delete" : "deleted", n)));
            out.table(
                    List.of("table", report.dryRun() ? "would delete" : "deleted"),
                    rows,
                    Out.fields(
                            "total", report.total(),
                            "complete", report.complete() ? "yes" : "no (stopped; the next run goes on from here)",
                            "took", Sizes.took(report.took())));
        }
        return ExitCode.OK;
    }
}
