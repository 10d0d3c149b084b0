package io.agentstore.internal;

import java.util.List;

/** The query shapes of the session aggregate. */
final class SessionShapes {

    static final List<Shape> ALL = List.of();

    private SessionShapes() {
    }
}
