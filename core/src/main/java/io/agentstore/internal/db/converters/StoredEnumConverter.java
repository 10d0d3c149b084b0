package io.agentstore.internal.db.converters;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jooq.exception.DataTypeException;
import org.jooq.impl.AbstractConverter;

/**
 * Maps an enumerated text column to a Java enum: the stored text is the constant's name in
 * lower case ({@code TaskStatus.PENDING} ↔ {@code 'pending'}), which is what the schema's CHECK
 * constraints and partial-index predicates spell. A stored text that no constant has (a file
 * edited by hand, or written by a newer schema) is refused naming the value and the enum.
 */
public abstract class StoredEnumConverter<E extends Enum<E>> extends AbstractConverter<String, E> {

    private static final long serialVersionUID = 1L;

    private final Map<String, E> byText = new HashMap<>();
    private final String[] texts;

    protected StoredEnumConverter(Class<E> type) {
        super(String.class, type);
        E[] constants = type.getEnumConstants();
        texts = new String[constants.length];
        for (E e : constants) {
            String text = e.name().toLowerCase(Locale.ROOT);
            texts[e.ordinal()] = text;
            byText.put(text, e);
        }
    }

    @Override
    public final E from(String stored) {
        if (stored == null) {
            return null;
        }
        E e = byText.get(stored);
        if (e == null) {
            throw new DataTypeException("stored value '" + stored + "' is not a " + toType().getSimpleName()
                    + " (known: " + String.join(", ", texts) + ")");
        }
        return e;
    }

    @Override
    public final String to(E value) {
        return value == null ? null : texts[value.ordinal()];
    }
}
