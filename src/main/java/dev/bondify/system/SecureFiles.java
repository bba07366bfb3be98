package dev.bondify.system;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files only their owner may read (0600) and directories only their owner may
 * enter (0700), where the file system has POSIX permissions.
 */
public final class SecureFiles {

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private SecureFiles() {
	}

	/**
	 * Writes {@code content} to a 0600 temporary file beside {@code file}, forces it to
	 * disk and moves it into place, so readers see no file or the whole one.
	 */
	public static void writeAtomically(Path file, byte[] content) throws IOException {
		Path directory = file.toAbsolutePath().getParent();
		Files.createDirectories(directory);
		Path temporary = directory.resolve("." + file.getFileName() + ".tmp");
		Files.deleteIfExists(temporary);
		if (POSIX) {
			Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_FILE));
		}
		else {
			Files.createFile(temporary);
		}
		try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
			channel.write(java.nio.ByteBuffer.wrap(content));
			channel.force(true);
		}
		try {
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/**
	 * Creates {@code file} with {@code content} (0600, forced to disk) unless it exists:
	 * of several processes creating it at once exactly one wins, and every one reads the
	 * winner's content afterwards.
	 * @return whether this call created it
	 */
	public static boolean createAtomically(Path file, byte[] content) throws IOException {
		Path directory = file.toAbsolutePath().getParent();
		Files.createDirectories(directory);
		Path temporary = directory.resolve("." + file.getFileName() + "." + Long.toHexString(System.nanoTime())
				+ ProcessHandle.current().pid() + ".new");
		writeAtomically(temporary, content);
		try {
			Files.createLink(file, temporary);
			return true;
		}
		catch (java.nio.file.FileAlreadyExistsException ex) {
			return false;
		}
		catch (UnsupportedOperationException ex) {
			try {
				Files.move(temporary, file);
				return true;
			}
			catch (java.nio.file.FileAlreadyExistsException exists) {
				return false;
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/** Makes {@code file} 0600 (a copy restored with looser permissions is tightened). */
	public static void restrictToOwner(Path file) throws IOException {
		if (POSIX) {
			Files.setPosixFilePermissions(file, Files.isDirectory(file) ? OWNER_DIRECTORY : OWNER_FILE);
		}
	}

}
