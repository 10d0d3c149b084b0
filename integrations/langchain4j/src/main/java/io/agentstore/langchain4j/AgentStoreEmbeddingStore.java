package io.agentstore.langchain4j;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import io.agentstore.AgentStore;
import io.agentstore.internal.Failures;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.Namespaces;
import io.agentstore.memory.NewMemory;
import io.agentstore.search.MetadataFilter;
import io.agentstore.search.SearchHit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A LangChain4j {@link EmbeddingStore} of text segments on agentstore's memory: each embedding is
 * a memory in one namespace (key = the embedding's id, value = {@code {"text": …}}, metadata =
 * the segment's metadata, with the vector), so it is versioned, audited, durable and searched
 * exactly, on SQLite or PostgreSQL, by every process on the store.
 *
 * <p>As LangChain4j's own stores, {@code search} scores by relevance, {@code (cosine + 1) / 2},
 * and {@code minScore} is a relevance; at most 1,000 results a search. Filters translate to
 * agentstore's {@link MetadataFilter} (equality, order, in, not-in, and, or, not) and narrow the
 * candidates before ranking; any other filter (e.g. {@code containsString}) is
 * {@code INVALID_ARGUMENT}. Adding an id that exists replaces its embedding (a new version).
 * A match's embedding is the stored vector, at unit length (read by the search itself). Metadata values come back as JSON
 * keeps them: a UUID as its string, a float as a double.
 */
public final class AgentStoreEmbeddingStore implements EmbeddingStore<TextSegment> {

    private final AgentStore store;
    private final String namespace;

    /** The embeddings of this namespace (e.g. {@code rag:handbook}); create one store per collection. */
    public AgentStoreEmbeddingStore(AgentStore store, String namespace) {
        this.store = Objects.requireNonNull(store, "store");
        this.namespace = Namespaces.check(namespace);
    }

    public String namespace() {
        return namespace;
    }

    @Override
    public String add(Embedding embedding) {
        String id = UUID.randomUUID().toString();
        add(id, embedding);
        return id;
    }

    @Override
    public void add(String id, Embedding embedding) {
        addAll(List.of(id), List.of(embedding), null);
    }

    @Override
    public String add(Embedding embedding, TextSegment segment) {
        String id = UUID.randomUUID().toString();
        addAll(List.of(id), List.of(embedding), List.of(segment));
        return id;
    }

    @Override
    public List<String> addAll(List<Embedding> embeddings) {
        List<String> ids = generateIds(embeddings.size());
        addAll(ids, embeddings, null);
        return ids;
    }

    /** Adds them in one transaction (all or none); ids that exist already get a new version each. */
    @Override
    public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> segments) {
        Failures.required(ids, "the ids");
        Failures.required(embeddings, "the embeddings");
        if (ids.size() != embeddings.size() || segments != null && segments.size() != ids.size()) {
            throw Failures.invalid("ids, embeddings and segments must be as many: " + ids.size() + ", "
                    + embeddings.size() + ", " + (segments == null ? "none" : segments.size()));
        }
        List<NewMemory> memories = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            memories.add(memory(ids.get(i), embeddings.get(i), segments == null ? null : segments.get(i)));
        }
        if (memories.isEmpty()) {
            return;
        }
        store.memory().putAll(memories);
    }

    private NewMemory memory(String id, Embedding embedding, TextSegment segment) {
        Failures.required(embedding, "embedding " + id);
        Map<String, Object> value = new LinkedHashMap<>();
        Map<String, Object> metadata = new HashMap<>();
        if (segment != null) {
            value.put("text", segment.text());
            segment.metadata().toMap().forEach((k, v) -> metadata.put(k, v instanceof UUID u ? u.toString() : v));
        }
        return NewMemory.of(namespace, Failures.required(id, "an id"), value)
                .withMetadata(metadata)
                .withEmbedding(embedding.vector());
    }

    @Override
    public void remove(String id) {
        removeAll(List.of(Failures.required(id, "the id")));
    }

    @Override
    public void removeAll(Collection<String> ids) {
        store.memory().deleteKeys(namespace, Failures.required(ids, "the ids"));
    }

    @Override
    public void removeAll(Filter filter) {
        store.memory().deleteAll(namespace, translate(Failures.required(filter, "the filter")));
    }

    @Override
    public void removeAll() {
        store.memory().deleteAll(namespace, null);
    }

    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        Failures.required(request, "the search request");
        MemorySearch s = MemorySearch.vector(request.queryEmbedding().vector())
                .within(namespace)
                .withLimit(Math.min(request.maxResults(), MemorySearch.MAX_LIMIT));
        if (request.minScore() > 0) {
            s = s.withMinScore(Math.min(1, 2 * request.minScore() - 1)); // relevance (cos + 1) / 2
        }
        if (request.filter() != null) {
            s = s.where(translate(request.filter()));
        }
        List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>();
        for (SearchHit<MemoryEntry> h : store.memory().search(s)) {
            MemoryEntry e = h.item();
            if (!e.namespace().equals(namespace)) {
                continue; // a namespace below this one is another collection
            }
            matches.add(new EmbeddingMatch<>((h.score() + 1) / 2, e.key(), Embedding.from(h.vector()), segment(e)));
        }
        return new EmbeddingSearchResult<>(matches);
    }

    private static TextSegment segment(MemoryEntry e) {
        var text = e.value().tree().path("text");
        if (!text.isTextual()) {
            return null;
        }
        Map<String, Object> metadata = new HashMap<>();
        e.metadata().tree().properties().forEach(f -> {
            var v = f.getValue();
            if (v.isTextual()) {
                metadata.put(f.getKey(), v.textValue());
            } else if (v.isInt()) {
                metadata.put(f.getKey(), v.intValue());
            } else if (v.isLong()) {
                metadata.put(f.getKey(), v.longValue());
            } else if (v.isNumber()) {
                metadata.put(f.getKey(), v.doubleValue());
            }
        });
        return TextSegment.from(text.textValue(), Metadata.from(metadata));
    }

    /** A LangChain4j filter as agentstore's; INVALID_ARGUMENT naming any it has no equivalent of. */
    static MetadataFilter translate(Filter f) {
        if (f instanceof IsEqualTo x) {
            return MetadataFilter.eq(x.key(), value(x.comparisonValue()));
        } else if (f instanceof IsNotEqualTo x) {
            return MetadataFilter.ne(x.key(), value(x.comparisonValue()));
        } else if (f instanceof IsGreaterThan x) {
            return MetadataFilter.gt(x.key(), value(x.comparisonValue()));
        } else if (f instanceof IsGreaterThanOrEqualTo x) {
            return MetadataFilter.gte(x.key(), value(x.comparisonValue()));
        } else if (f instanceof IsLessThan x) {
            return MetadataFilter.lt(x.key(), value(x.comparisonValue()));
        } else if (f instanceof IsLessThanOrEqualTo x) {
            return MetadataFilter.lte(x.key(), value(x.comparisonValue()));
        } else if (f instanceof IsIn x) {
            return MetadataFilter.in(
                    x.key(),
                    x.comparisonValues().stream()
                            .map(AgentStoreEmbeddingStore::value)
                            .toList());
        } else if (f instanceof IsNotIn x) {
            return MetadataFilter.notIn(
                    x.key(),
                    x.comparisonValues().stream()
                            .map(AgentStoreEmbeddingStore::value)
                            .toList());
        } else if (f instanceof And x) {
            return MetadataFilter.and(translate(x.left()), translate(x.right()));
        } else if (f instanceof Or x) {
            return MetadataFilter.or(translate(x.left()), translate(x.right()));
        } else if (f instanceof Not x) {
            return MetadataFilter.not(translate(x.expression()));
        }
        throw Failures.invalid("the LangChain4j filter " + f.getClass().getSimpleName() + " (" + f
                + ") has no agentstore equivalent: use equality, order, in, not in, and, or, not");
    }

    private static Object value(Object v) {
        return v instanceof UUID u ? u.toString() : v;
    }
}
