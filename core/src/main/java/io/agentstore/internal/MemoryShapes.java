package io.agentstore.internal;

import java.util.List;

/** The query shapes of the memory aggregate. */
final class MemoryShapes {

    static final List<Shape> ALL = List.of();

    private MemoryShapes() {
    }
}
