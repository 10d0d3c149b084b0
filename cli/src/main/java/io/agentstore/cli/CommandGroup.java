package io.agentstore.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands: run alone, it is a usage error naming them. */
@picocli.CommandLine.Command
abstract class CommandGroup implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "Missing a command: one of "
                        + String.join(
                                ", ",
                                spec.subcommands().entrySet().stream()
                                        .filter(e -> !e.getValue()
                                                .getCommandSpec()
                                                .usageMessage()
                                                .hidden())
                                        .map(java.util.Map.Entry::getKey)
                                        .toList()));
    }
}
