package io.agentstore.documents;

import java.util.Locale;

/** What kind of document an indexed file is. */
public enum DocumentType {
    DESIGN, SPECIFICATION, PLAN, REPORT;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DocumentType fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
