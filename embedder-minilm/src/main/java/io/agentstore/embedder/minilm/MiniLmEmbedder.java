package io.agentstore.embedder.minilm;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.agentstore.search.Embedder;
import java.util.ArrayList;
import java.util.List;

/**
 * The all-MiniLM-L6-v2 sentence-transformer as an agentstore {@link Embedder}: 384 dimensions,
 * run in this process by ONNX Runtime, offline (the model and the native libraries are in the
 * Maven artifacts). Loading takes a few seconds, so make one and share it; it is thread-safe.
 *
 * <pre>{@code
 * Embedder minilm = MiniLmEmbedder.load();
 * AgentStore store = AgentStore.open(file, StoreOptions.defaults().withEmbedder(minilm));
 * }</pre>
 */
public final class MiniLmEmbedder implements Embedder {

    /** The model name recorded with the store's vectors. */
    public static final String MODEL = "all-minilm-l6-v2";

    public static final int DIMENSIONS = 384;

    private final AllMiniLmL6V2EmbeddingModel model;

    private MiniLmEmbedder(AllMiniLmL6V2EmbeddingModel model) {
        this.model = model;
    }

    /** Loads the model (a few seconds). */
    public static MiniLmEmbedder load() {
        return new MiniLmEmbedder(new AllMiniLmL6V2EmbeddingModel());
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t == null || t.isBlank()) {
                // agentstore never asks for blank text (it leaves such a value unembedded).
                throw new IllegalArgumentException("text #" + i + " is blank: the model embeds no blank text");
            }
            segments.add(TextSegment.from(t));
        }
        List<Embedding> out = model.embedAll(segments).content();
        List<float[]> vectors = new ArrayList<>(out.size());
        for (Embedding e : out) {
            vectors.add(e.vector());
        }
        return vectors;
    }
}
