package dev.bondify.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

import dev.bondify.system.SecureFiles;

/**
 * The two generated passwords of the embedded PostgreSQL (its superuser's and the service
 * role's), kept in a 0600 file beside the cluster directory and never logged.
 *
 * @param superuser the {@code postgres} role's password, used only to set the server up
 * @param service the password of the role the service connects as
 */
record DatabasePasswords(String superuser, String service) {

	private static final SecureRandom RANDOM = new SecureRandom();

	/**
	 * Reads {@code file}, or creates it with two fresh passwords (written to a temporary
	 * file first and moved, so a crash leaves either no file or a whole one).
	 */
	static DatabasePasswords loadOrCreate(Path file) {
		try {
			if (Files.isRegularFile(file)) {
				Properties properties = new Properties();
				try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
					properties.load(reader);
				}
				String superuser = properties.getProperty("superuser");
				String service = properties.getProperty("service");
				if (superuser == null || service == null || superuser.isEmpty() || service.isEmpty()) {
					throw new IllegalStateException(file + " is not a Bondify database password file");
				}
				SecureFiles.restrictToOwner(file);
				return new DatabasePasswords(superuser, service);
			}
			DatabasePasswords created = new DatabasePasswords(generate(), generate());
			String text = "# The embedded PostgreSQL's generated passwords: the superuser `postgres` (set-up only) and\n"
					+ "# the service role `" + EmbeddedDatabase.SERVICE_ROLE + "`. Keep this file private (0600).\n"
					+ "superuser=" + created.superuser + "\nservice=" + created.service + "\n";
			if (!SecureFiles.createAtomically(file, text.getBytes(StandardCharsets.UTF_8))) {
				return loadOrCreate(file);
			}
			return created;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read or write " + file, ex);
		}
	}

	/** 32 random bytes, base64url: nothing a shell or a connection string must escape. */
	private static String generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	@Override
	public String toString() {
		return "DatabasePasswords[******]";
	}

	/**
	 * A 0600 file with only the superuser's password, the way initdb's --pwfile wants it.
	 */
	static Path writeInitdbPasswordFile(Path directory, String password) throws IOException {
		Path file = directory.resolve(".initdb-password-" + Long.toHexString(RANDOM.nextLong()));
		SecureFiles.writeAtomically(file, (password + "\n").getBytes(StandardCharsets.UTF_8));
		return file;
	}

	static void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// Best effort: the file is 0600 in the owner's 0700 directory.
		}
	}

}
