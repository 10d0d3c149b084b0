package io.agentstore.internal.db.converters;

import io.agentstore.documents.SyncStatus;

/** {@code SyncStatus} columns: the constant's name in lower case. */
public final class SyncStatusConverter extends StoredEnumConverter<SyncStatus> {

    private static final long serialVersionUID = 1L;

    public SyncStatusConverter() {
        super(SyncStatus.class);
    }
}
