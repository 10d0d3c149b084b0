package io.agentstore.internal;

import io.agentstore.ErrorCode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * Files that hold users' data (backups, exports): created readable and writable by their owner
 * only, written under a temporary name beside the target and moved into place once complete, so
 * that the target's name never shows a half-written file.
 */
public final class PrivateFiles {

    private PrivateFiles() {}

    /** A new, empty file beside {@code target}, with owner-only permissions where the file system has them. */
    public static Path temporaryBeside(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + target.getFileName() + ".partial-" + UUID.randomUUID());
            createPrivate(tmp);
            return tmp;
        } catch (IOException e) {
            throw Failures.of(ErrorCode.STORAGE, "cannot create a file beside " + target + ": " + e.getMessage(), e);
        }
    }

    /** Creates {@code file} (which must not exist) readable and writable by its owner only. */
    public static void createPrivate(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    /** Forces the file's content to the disk, then moves it over {@code target} in one step. */
    public static void publish(Path tmp, Path target) {
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            throw Failures.of(ErrorCode.CONFLICT, "cannot replace " + target + ": " + e.getMessage(), e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw Failures.of(ErrorCode.STORAGE, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a file if it is there; a failure is ignored (a temporary file left behind is named so). */
    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left for the operator; its name says what it is
        }
    }
}
