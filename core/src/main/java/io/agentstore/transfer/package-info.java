/**
 * Copies of a store: an online {@linkplain io.agentstore.AgentStore#backup(java.nio.file.Path)
 * backup} of an SQLite file and its {@linkplain io.agentstore.AgentStore#restore(java.nio.file.Path,
 * java.nio.file.Path) restore}, and an engine-neutral {@linkplain
 * io.agentstore.AgentStore#exportTo(java.io.OutputStream) export} that {@linkplain
 * io.agentstore.AgentStore#importFrom(java.io.InputStream, ImportOptions) imports} into a store of
 * either engine. The export format is described in {@code docs/backup.md}.
 */
package io.agentstore.transfer;
