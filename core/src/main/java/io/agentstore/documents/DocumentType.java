package io.agentstore.documents;

/** What kind of document an indexed file is. */
public enum DocumentType {
    DESIGN,
    SPECIFICATION,
    PLAN,
    REPORT;
}
