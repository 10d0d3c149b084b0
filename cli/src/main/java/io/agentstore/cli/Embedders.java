package io.agentstore.cli;

import io.agentstore.StoreOptions;
import io.agentstore.search.Embedder;
import java.util.function.UnaryOperator;

/**
 * The embedder a text search needs, found on the class path: the tool's jar bundles none (the
 * model and its runtime are some 170 MB), so {@code --text} works where the user puts
 * {@code agentstore-embedder-minilm} and its dependencies on the class path.
 */
final class Embedders {

    private Embedders() {}

    static final String MINILM = "io.agentstore.embedder.minilm.MiniLmEmbedder";

    static UnaryOperator<StoreOptions> minilm() {
        Embedder embedder;
        try {
            Class<?> type = Class.forName(MINILM);
            embedder = (Embedder) type.getMethod("load").invoke(null);
        } catch (ClassNotFoundException e) {
            throw new CliFailure(
                    ExitCode.UNSUPPORTED,
                    "UNSUPPORTED",
                    "a text search needs an embedder, and none is on the class path (name agentstore-embedder-minilm "
                            + "and its dependencies in AGENTSTORE_CLASSPATH, or search with --vector)");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the embedder " + MINILM + ": " + e, e);
        }
        return options -> options.withEmbedder(embedder);
    }
}
