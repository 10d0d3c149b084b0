package io.agentstore.cli;

/** A command's own failure (what was asked for is not there), with the exit code it ends with. */
final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int exitCode;
    final String code;

    CliFailure(int exitCode, String code, String message) {
        super(message);
        this.exitCode = exitCode;
        this.code = code;
    }

    static CliFailure notFound(String message) {
        return new CliFailure(ExitCode.NOT_FOUND, "NOT_FOUND", message);
    }
}
