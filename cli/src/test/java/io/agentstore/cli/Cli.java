package io.agentstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The {@code agentstore} command run as users run it: the launcher script and the jar, in a real process. */
final class Cli {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The launcher's class-data archive for this test run: made once, not in the user's own cache. */
    private static final Path CACHE;

    static {
        try {
            CACHE = java.nio.file.Files.createTempDirectory("agentstore-cli-cache");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final Path workDir;
    private final Map<String, String> env = new HashMap<>();

    Cli(Path workDir) {
        this.workDir = workDir;
    }

    /** Sets a variable of the command's environment (and nothing else of the test JVM's leaks in but PATH and JAVA_HOME). */
    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    static Path launcher() {
        String path = System.getProperty("agentstore.launcher");
        assertThat(path).as("the failsafe configuration names the launcher").isNotNull();
        return Path.of(path);
    }

    ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("AGENTSTORE_"));
        e.put("JAVA_HOME", System.getProperty("java.home"));
        e.put("XDG_CACHE_HOME", CACHE.toString());
        e.putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb;
    }

    /** Runs the command to its end (at most two minutes). */
    Result run(String... args) {
        try {
            Process p = builder(args).start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("agentstore " + String.join(" ", args) + " did not end in two minutes");
            }
            return new Result(args, p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                return b.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    record Result(String[] args, int exit, String out, String err) {

        Result exits(int code) {
            assertThat(exit)
                    .as("exit code of agentstore %s%nstdout:%n%s%nstderr:%n%s", String.join(" ", args), out, err)
                    .isEqualTo(code);
            return this;
        }

        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON on stdout of agentstore " + String.join(" ", args) + ":\n" + out, e);
            }
        }
    }
}
