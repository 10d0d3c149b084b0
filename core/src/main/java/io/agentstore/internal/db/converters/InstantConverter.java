package io.agentstore.internal.db.converters;

import java.time.Instant;
import org.jooq.impl.AbstractConverter;

/** Maps every timestamp column (stored text, see {@link Timestamps}) to {@link Instant}. */
public final class InstantConverter extends AbstractConverter<String, Instant> {

    private static final long serialVersionUID = 1L;

    public InstantConverter() {
        super(String.class, Instant.class);
    }

    @Override
    public Instant from(String databaseObject) {
        return databaseObject == null ? null : Timestamps.parse(databaseObject);
    }

    @Override
    public String to(Instant userObject) {
        return userObject == null ? null : Timestamps.format(userObject);
    }
}
