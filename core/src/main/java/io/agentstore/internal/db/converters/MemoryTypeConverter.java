package io.agentstore.internal.db.converters;

import io.agentstore.memory.MemoryType;

/** {@code MemoryType} columns: the constant's name in lower case. */
public final class MemoryTypeConverter extends StoredEnumConverter<MemoryType> {

    private static final long serialVersionUID = 1L;

    public MemoryTypeConverter() {
        super(MemoryType.class);
    }
}
