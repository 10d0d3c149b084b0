package io.agentstore.springai;

import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.internal.Failures;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.Namespaces;
import io.agentstore.memory.NewMemory;
import io.agentstore.search.MetadataFilter;
import io.agentstore.search.SearchHit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.Filter;

/**
 * A Spring AI {@link VectorStore} on agentstore's memory: each document is a memory of one
 * namespace (key = the document's id, value = {@code {"text": …}}, its metadata, and the vector
 * the {@link EmbeddingModel} made of its text), so it is versioned, audited, durable and searched
 * exactly, on SQLite or PostgreSQL, by every process on the store.
 *
 * <p>As Spring AI's {@code SimpleVectorStore}: the score is the cosine similarity, the similarity
 * threshold a minimum cosine (the default, 0, leaves out documents of negative similarity), each
 * result carries {@code distance} (1 − score) in its metadata.
 * Portable filter expressions ({@code genre == 'drama' && year >= 2020}, {@code in}, {@code nin},
 * {@code is null}, {@code not}) translate to agentstore's {@link MetadataFilter} and narrow the
 * candidates before ranking; at most 1,000 results a search. Adding an id that exists writes a
 * new version of it.
 */
public final class AgentStoreVectorStore implements VectorStore {

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> METADATA =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};

    private final AgentStore store;
    private final EmbeddingModel embeddingModel;
    private final String namespace;

    /** The documents of this namespace (e.g. {@code rag:handbook}); one store per collection, not nested in another's. */
    public AgentStoreVectorStore(AgentStore store, EmbeddingModel embeddingModel, String namespace) {
        this.store = Objects.requireNonNull(store, "store");
        this.embeddingModel = Objects.requireNonNull(embeddingModel, "embeddingModel");
        this.namespace = Namespaces.check(namespace);
    }

    @Override
    public String getName() {
        return "AgentStoreVectorStore(" + namespace + ")";
    }

    /** Embeds the documents' texts (one call of the model) and adds them in one transaction; existing ids get a new version. */
    @Override
    public void add(List<Document> documents) {
        Failures.required(documents, "the documents");
        if (documents.isEmpty()) {
            return;
        }
        List<String> texts = new ArrayList<>(documents.size());
        for (Document d : documents) {
            Failures.required(d, "a document");
            texts.add(Failures.required(d.getText(), "the text of document " + d.getId()));
        }
        List<float[]> vectors = embeddingModel.embed(texts);
        if (vectors.size() != documents.size()) {
            throw Failures.of(
                    ErrorCode.STORAGE,
                    "the embedding model returned " + vectors.size() + " vectors for " + documents.size() + " texts");
        }
        List<NewMemory> memories = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            Document d = documents.get(i);
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("text", d.getText());
            memories.add(NewMemory.of(namespace, d.getId(), value)
                    .withMetadata(d.getMetadata())
                    .withEmbedding(vectors.get(i)));
        }
        store.memory().putAll(memories);
    }

    @Override
    public void delete(List<String> ids) {
        store.memory().deleteKeys(namespace, Failures.required(ids, "the ids"));
    }

    @Override
    public void delete(Filter.Expression filterExpression) {
        store.memory().deleteAll(namespace, translate(Failures.required(filterExpression, "the filter expression")));
    }

    @Override
    public List<Document> similaritySearch(SearchRequest request) {
        Failures.required(request, "the search request");
        float[] query = embeddingModel.embed(Failures.required(request.getQuery(), "the query"));
        MemorySearch s = MemorySearch.vector(query)
                .within(namespace)
                .withLimit(Math.max(1, Math.min(request.getTopK(), MemorySearch.MAX_LIMIT)));
        // As SimpleVectorStore: the threshold always applies; "accept all" (0) still leaves out
        // documents pointing away from the query (negative similarity).
        s = s.withMinScore(request.getSimilarityThreshold());
        if (request.hasFilterExpression()) {
            s = s.where(translate(request.getFilterExpression()));
        }
        List<Document> out = new ArrayList<>();
        for (SearchHit<MemoryEntry> h : store.memory().search(s)) {
            MemoryEntry e = h.item();
            if (!e.namespace().equals(namespace)) {
                continue; // a namespace below this one is another collection
            }
            Map<String, Object> metadata = new HashMap<>(e.metadata().as(METADATA));
            metadata.put("distance", 1 - h.score());
            out.add(Document.builder()
                    .id(e.key())
                    .text(e.value().tree().path("text").asText())
                    .metadata(metadata)
                    .score(h.score())
                    .build());
        }
        return out;
    }

    /** A portable filter expression as agentstore's; INVALID_ARGUMENT naming any part it has no equivalent of. */
    static MetadataFilter translate(Filter.Operand operand) {
        if (operand instanceof Filter.Group g) {
            return translate(g.content());
        }
        if (!(operand instanceof Filter.Expression e)) {
            throw Failures.invalid("not a filter expression: " + operand);
        }
        return switch (e.type()) {
            case AND -> MetadataFilter.and(translate(e.left()), translate(e.right()));
            case OR -> MetadataFilter.or(translate(e.left()), translate(e.right()));
            case NOT -> MetadataFilter.not(translate(e.left()));
            case EQ -> MetadataFilter.eq(key(e), value(e));
            case NE -> MetadataFilter.ne(key(e), value(e));
            case GT -> MetadataFilter.gt(key(e), value(e));
            case GTE -> MetadataFilter.gte(key(e), value(e));
            case LT -> MetadataFilter.lt(key(e), value(e));
            case LTE -> MetadataFilter.lte(key(e), value(e));
            case IN -> MetadataFilter.in(key(e), values(e));
            case NIN -> MetadataFilter.notIn(key(e), values(e));
            case ISNULL -> MetadataFilter.isNull(key(e));
            case ISNOTNULL -> MetadataFilter.notNull(key(e));
            default ->
                throw Failures.invalid(
                        "the filter operator " + e.type() + " (in " + e + ") has no agentstore equivalent");
        };
    }

    private static String key(Filter.Expression e) {
        if (e.left() instanceof Filter.Key k) {
            return k.key().startsWith("'") || k.key().startsWith("\"")
                    ? k.key().substring(1, k.key().length() - 1)
                    : k.key();
        }
        throw Failures.invalid("the filter " + e + " compares no metadata key");
    }

    private static Object value(Filter.Expression e) {
        if (e.right() instanceof Filter.Value v && !(v.value() instanceof List<?>)) {
            return v.value();
        }
        throw Failures.invalid("the filter " + e + " compares with no single value");
    }

    private static List<?> values(Filter.Expression e) {
        if (e.right() instanceof Filter.Value v && v.value() instanceof List<?> list) {
            return list;
        }
        throw Failures.invalid("the filter " + e + " needs a list of values");
    }
}
