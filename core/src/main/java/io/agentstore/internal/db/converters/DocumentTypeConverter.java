package io.agentstore.internal.db.converters;

import io.agentstore.documents.DocumentType;

/** {@code DocumentType} columns: the constant's name in lower case. */
public final class DocumentTypeConverter extends StoredEnumConverter<DocumentType> {

    private static final long serialVersionUID = 1L;

    public DocumentTypeConverter() {
        super(DocumentType.class);
    }
}
