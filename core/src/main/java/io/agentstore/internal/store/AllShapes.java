package io.agentstore.internal.store;

import io.agentstore.internal.shape.Shape;
import java.util.List;

/**
 * The complete registry: every class that defines shapes, initialised here so that all of its
 * shapes are {@linkplain Shape#registered() registered} before a database renders them. A
 * shape whose class is missing here is named the first time it is run
 * ({@code RenderedShapes.get}), and {@code ArchitectureTest} fails on any class with a shape
 * field that is not listed.
 */
public final class AllShapes {

    /** The classes that define shapes: one per aggregate. */
    public static final List<Class<?>> DEFINED_IN = List.of(
            SessionShapes.class,
            MemoryShapes.class,
            AuditShapes.class,
            TaskShapes.class,
            AgentShapes.class,
            CheckpointShapes.class,
            MetricShapes.class,
            DocumentShapes.class,
            VectorShapes.class,
            LifecycleShapes.class,
            HistoryShapes.class,
            TransferShapes.class);

    private AllShapes() {}

    /** Every shape the library issues. */
    public static List<Shape> all() {
        for (Class<?> c : DEFINED_IN) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return Shape.registered();
    }

    /** The shape with this name. */
    public static Shape byName(String name) {
        for (Shape s : all()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no shape named " + name);
    }
}
