package io.agentstore.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The registry of every query shape the library issues. Each aggregate keeps its shapes in
 * its own {@code …Shapes} class and lists them here; the plan check, the shape tests and the
 * benchmarks iterate over {@link #all()}.
 */
public final class Shapes {

    private static final List<Shape> ALL;

    static {
        List<Shape> all = new ArrayList<>();
        all.addAll(SessionShapes.ALL);
        all.addAll(MemoryShapes.ALL);
        all.addAll(AuditShapes.ALL);
        all.addAll(TaskShapes.ALL);
        all.addAll(OtherShapes.ALL);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            Shape s = all.get(i);
            if (!names.add(s.name())) {
                throw new IllegalStateException("two shapes are named " + s.name());
            }
            s.assignId(i);
        }
        ALL = Collections.unmodifiableList(all);
    }

    private Shapes() {
    }

    public static List<Shape> all() {
        return ALL;
    }

    public static Shape byName(String name) {
        for (Shape s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no shape named " + name);
    }
}
