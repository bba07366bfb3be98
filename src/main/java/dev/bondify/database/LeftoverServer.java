package dev.bondify.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bondify.system.InvalidConfigurationException;

/**
 * Finds a PostgreSQL still running on a data directory before the embedded server starts
 * there: one left behind by a Bondify that was killed (nobody holds the directory's lock
 * any more) is stopped cleanly; a directory another running instance holds is refused.
 */
final class LeftoverServer {

	private static final Logger log = LoggerFactory.getLogger(LeftoverServer.class);

	/**
	 * The lock file zonky's EmbeddedPostgres holds in the data directory while running.
	 */
	private static final String LOCK_FILE = "epg-lock";

	private LeftoverServer() {
	}

	static void stopIfOrphaned(Path directory) {
		if (lockedByARunningInstance(directory)) {
			throw new InvalidConfigurationException("The embedded PostgreSQL in " + directory
					+ " is in use by another running process; give each Bondify instance its own BONDIFY_DATA_DIR.");
		}
		Optional<ProcessHandle> server = runningServer(directory);
		if (server.isEmpty()) {
			return;
		}
		ProcessHandle postgres = server.get();
		log.warn("Stopping PostgreSQL (PID {}) left running in {} by a Bondify that did not shut down", postgres.pid(),
				directory);
		// SIGTERM is PostgreSQL's "smart" shutdown: the dead JVM's connections are gone,
		// so it checkpoints and exits.
		postgres.destroy();
		try {
			postgres.onExit().get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			postgres.destroyForcibly();
		}
	}

	/**
	 * The embedded server's owner holds a lock on {@code epg-lock} for as long as it
	 * runs; the operating system releases it when that JVM dies, however it dies.
	 */
	private static boolean lockedByARunningInstance(Path directory) {
		Path lockFile = directory.resolve(LOCK_FILE);
		if (!Files.isRegularFile(lockFile)) {
			return false;
		}
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				return true;
			}
			lock.release();
			return false;
		}
		catch (OverlappingFileLockException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The live postmaster named by {@code postmaster.pid}, if it serves this directory.
	 */
	private static Optional<ProcessHandle> runningServer(Path directory) {
		Path pidFile = directory.resolve("postmaster.pid");
		if (!Files.isRegularFile(pidFile)) {
			return Optional.empty();
		}
		long pid;
		try {
			List<String> lines = Files.readAllLines(pidFile);
			pid = Long.parseLong(lines.get(0).trim());
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
		String path = directory.toAbsolutePath().normalize().toString();
		return ProcessHandle.of(pid)
			.filter(ProcessHandle::isAlive)
			.filter(process -> process.info().commandLine().map(line -> line.contains(path)).orElse(false));
	}

}
