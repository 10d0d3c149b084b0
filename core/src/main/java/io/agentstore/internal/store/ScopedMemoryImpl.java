package io.agentstore.internal.store;

import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.internal.Failures;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemoryScope;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.MemoryType;
import io.agentstore.memory.Namespaces;
import io.agentstore.memory.NewMemory;
import io.agentstore.memory.Resolved;
import io.agentstore.memory.ScopedMemory;
import io.agentstore.memory.ScopedMemoryAsOf;
import io.agentstore.search.SearchHit;
import io.agentstore.sessions.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Memory as one session sees it: scope roots, access rules, turn-scoped values. */
final class ScopedMemoryImpl implements ScopedMemory {

    private final MemoryStoreImpl store;
    private final Session session;
    private final boolean elevated;
    private final Map<MemoryScope, String> roots = new EnumMap<>(MemoryScope.class);
    private final Map<String, Json> temp = new HashMap<>();

    ScopedMemoryImpl(MemoryStoreImpl store, Session session, boolean elevated) {
        if (session == null) {
            throw Failures.invalid("session must not be null");
        }
        this.store = store;
        this.session = session;
        this.elevated = elevated;
        roots.put(MemoryScope.SESSION, "session:" + Namespaces.checkSegment("session id", session.id()));
        roots.put(MemoryScope.USER, "user:" + Namespaces.checkSegment("user id", session.userId()));
        roots.put(MemoryScope.APP, "app:" + Namespaces.checkSegment("app name", session.appName()));
        if (session.projectId() != null) {
            roots.put(MemoryScope.PROJECT, "project:" + Namespaces.checkSegment("project id", session.projectId()));
        }
    }

    @Override
    public String sessionId() {
        return session.id();
    }

    @Override
    public String userId() {
        return session.userId();
    }

    @Override
    public String appName() {
        return session.appName();
    }

    @Override
    public Optional<String> projectId() {
        return Optional.ofNullable(session.projectId());
    }

    @Override
    public boolean elevated() {
        return elevated;
    }

    @Override
    public Optional<String> namespace(MemoryScope scope) {
        return Optional.ofNullable(roots.get(scope));
    }

    /** The scope a namespace belongs to, if it is one of this session's. */
    private Optional<MemoryScope> scopeOf(String namespace) {
        for (Map.Entry<MemoryScope, String> e : roots.entrySet()) {
            if (Namespaces.isWithin(namespace, e.getValue())) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    private MemoryScope readable(String namespace, String doing) {
        Namespaces.check(namespace);
        return scopeOf(namespace)
                .orElseThrow(() -> Failures.of(
                        ErrorCode.FORBIDDEN,
                        doing + ": "
                                + Check.quote(namespace) + " is outside the scopes of session "
                                + Check.quote(session.id())
                                + " (" + String.join(", ", roots.values()) + ")"));
    }

    private void writable(String namespace, String doing) {
        MemoryScope scope = readable(namespace, doing);
        if (!elevated && (scope == MemoryScope.APP || scope == MemoryScope.PROJECT)) {
            throw Failures.of(
                    ErrorCode.FORBIDDEN,
                    doing + ": writing the " + scope.root() + " scope " + Check.quote(roots.get(scope))
                            + " needs an elevated handle");
        }
    }

    @Override
    public List<SearchHit<MemoryEntry>> search(MemorySearch search) {
        Failures.required(search, "the search");
        String sub = search.prefix().map(Namespaces::check).orElse(null);
        // The scopes' subtrees in precedence order (roots is an EnumMap: session, user, app, project).
        List<String> rootsInOrder = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String root : roots.values()) {
            String p = sub == null ? root : root + ":" + sub;
            if (p.length() <= Namespaces.MAX_LENGTH && Namespaces.depth(p) <= Namespaces.MAX_DEPTH) {
                rootsInOrder.add(root);
                prefixes.add(p);
            }
        }
        return store.searchScopes(search, prefixes, index -> (group, key) -> {
            for (int j = 0; j < rootsInOrder.size(); j++) {
                String root = rootsInOrder.get(j);
                if (Namespaces.isWithin(group, root)) {
                    String below = group.substring(root.length());
                    for (int i = 0; i < j; i++) {
                        if (index.contains(rootsInOrder.get(i) + below, key)) {
                            return true;
                        }
                    }
                    return false;
                }
            }
            return false;
        });
    }

    @Override
    public Optional<Resolved> resolve(String key) {
        return resolveIn(null, key);
    }

    @Override
    public Optional<Resolved> resolve(String subNamespace, String key) {
        if (subNamespace == null) {
            throw Failures.invalid("sub-namespace must not be null");
        }
        Namespaces.check(subNamespace);
        return resolveIn(subNamespace, key);
    }

    private Optional<Resolved> resolveIn(String sub, String key) {
        MemoryStoreImpl.key(key);
        Json t = temp.get(sub == null ? key : sub + ":" + key);
        if (t != null) {
            return Optional.of(new Resolved(MemoryScope.TEMP, t, Optional.empty()));
        }
        return resolveStored(sub, key, store::resolveAll);
    }

    /** Where a resolution reads one key in up to four namespaces (null: none). */
    @FunctionalInterface
    private interface Resolver {
        List<MemoryEntry> resolveAll(String session, String user, String app, String project, String key);
    }

    /** Resolves a key in the persisted scopes, session > user > app > project, through {@code resolver}. */
    private Optional<Resolved> resolveStored(String sub, String key, Resolver resolver) {
        Map<MemoryScope, String> targets = new EnumMap<>(MemoryScope.class);
        for (Map.Entry<MemoryScope, String> e : roots.entrySet()) {
            String ns = sub == null ? e.getValue() : e.getValue() + ":" + sub;
            if (ns.length() <= Namespaces.MAX_LENGTH && Namespaces.depth(ns) <= Namespaces.MAX_DEPTH) {
                targets.put(e.getKey(), ns);
            }
        }
        List<MemoryEntry> found = resolver.resolveAll(
                targets.get(MemoryScope.SESSION),
                targets.get(MemoryScope.USER),
                targets.get(MemoryScope.APP),
                targets.get(MemoryScope.PROJECT),
                key);
        for (MemoryScope scope : MemoryScope.values()) {
            String ns = targets.get(scope);
            if (ns == null) {
                continue;
            }
            for (MemoryEntry e : found) {
                if (e.namespace().equals(ns)) {
                    return Optional.of(new Resolved(scope, e.value(), Optional.of(e)));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<MemoryEntry> get(String namespace, String key) {
        readable(namespace, "reading memory " + Check.quote(namespace));
        return store.get(namespace, key);
    }

    @Override
    public ScopedMemoryAsOf asOf(Instant at) {
        MemoryAsOfImpl view = store.asOfView(at);
        return new ScopedMemoryAsOf() {
            @Override
            public Instant at() {
                return view.at();
            }

            @Override
            public Optional<Resolved> resolve(String key) {
                MemoryStoreImpl.key(key);
                return resolveStored(null, key, view::resolveAll);
            }

            @Override
            public Optional<Resolved> resolve(String subNamespace, String key) {
                if (subNamespace == null) {
                    throw Failures.invalid("sub-namespace must not be null");
                }
                Namespaces.check(subNamespace);
                MemoryStoreImpl.key(key);
                return resolveStored(subNamespace, key, view::resolveAll);
            }

            @Override
            public Optional<MemoryEntry> get(String namespace, String key) {
                readable(namespace, "reading memory " + Check.quote(namespace) + " as of " + view.at());
                return view.get(namespace, key);
            }
        };
    }

    @Override
    public MemoryEntry put(NewMemory memory) {
        Failures.required(memory, "the memory");
        writable(memory.namespace(), "writing memory " + Check.quote(memory.namespace()));
        return store.put(memory.actor() == null ? memory.by("user:" + session.userId()) : memory, session.id());
    }

    @Override
    public MemoryEntry delete(String namespace, String key) {
        writable(namespace, "deleting memory " + Check.quote(namespace));
        return store.delete(namespace, key, "user:" + session.userId(), null, session.id());
    }

    @Override
    public Page<MemoryEntry> byPrefix(String prefix, PageRequest page) {
        return list(prefix, null, page);
    }

    @Override
    public Page<MemoryEntry> byPrefix(String prefix, MemoryType type, PageRequest page) {
        return list(prefix, Failures.required(type, "the memory type"), page);
    }

    private Page<MemoryEntry> list(String prefix, MemoryType type, PageRequest page) {
        readable(prefix, "listing memory under " + Check.quote(prefix));
        return store.list(prefix, type, page);
    }

    @Override
    public void putTemp(String key, Object value) {
        MemoryStoreImpl.key(key);
        temp.put(key, Json.of(value));
    }

    @Override
    public void endTurn() {
        temp.clear();
    }
}
