package dev.bondify.system;

import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Generates identifiers and secrets from a CSPRNG, hashes them for storage and compares
 * them in constant time.
 */
public final class RandomTokens {

	private static final SecureRandom RANDOM = drbg();

	/** How often the generator takes fresh entropy from the operating system. */
	static final long RESEED_NANOS = TimeUnit.SECONDS.toNanos(60);

	private static volatile long reseededAt = System.nanoTime();

	private static final MessageDigest SHA_256 = newSha256();

	private static final char[] LOWER_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

	private RandomTokens() {
	}

	/**
	 * The generator of every token: NIST SP 800-90A Hash_DRBG with SHA-256 at 256-bit
	 * security strength, seeded from the operating system's entropy source when created.
	 */
	// Linux's default SecureRandom (NativePRNG) reads /dev/urandom under one global lock
	// on every call and mixes in SHA1PRNG: three calls per generate showed up in its
	// profile. A DRBG is as unpredictable (its 256-bit seed comes from the same kernel
	// source; NIST's construction for exactly this purpose, the JDK's default on
	// Windows) and runs in memory. No prediction resistance: that would read the
	// entropy source on every call again; instead bytes() reseeds it from the operating
	// system once a minute, so a state read once (a heap dump, a cloned VM snapshot)
	// predicts at most a minute of tokens.
	static SecureRandom drbg() {
		try {
			return SecureRandom.getInstance("DRBG",
					DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("The JDK has no DRBG", ex);
		}
	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code count} random bytes. */
	public static byte[] bytes(int count) {
		reseedIfDue(System.nanoTime());
		byte[] bytes = new byte[count];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

	/**
	 * Reseeds the generator from the operating system's entropy source when the last
	 * reseed is {@link #RESEED_NANOS} old at {@code now} ({@link System#nanoTime()}).
	 * @return whether it reseeded
	 */
	static boolean reseedIfDue(long now) {
		if (now - reseededAt < RESEED_NANOS) {
			return false;
		}
		synchronized (RandomTokens.class) {
			if (now - reseededAt < RESEED_NANOS) {
				return false;
			}
			RANDOM.reseed();
			reseededAt = now;
			return true;
		}
	}

	/** A random (version 4) UUID from this generator. */
	public static UUID uuid() {
		byte[] bytes = bytes(16);
		bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
		bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
		long most = 0;
		long least = 0;
		for (int i = 0; i < 8; i++) {
			most = (most << 8) | (bytes[i] & 0xff);
			least = (least << 8) | (bytes[i + 8] & 0xff);
		}
		return new UUID(most, least);
	}

	/** {@code prefix} + 43 base64url characters carrying 256 random bits. */
	public static String base64Url256(String prefix) {
		byte[] bytes = bytes(32);
		return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** {@code prefix} + {@code length} random lowercase letters and digits. */
	public static String lowerAlphanumeric(String prefix, int length) {
		StringBuilder builder = new StringBuilder(prefix.length() + length).append(prefix);
		for (int i = 0; i < length; i++) {
			builder.append(LOWER_ALPHANUMERIC[RANDOM.nextInt(LOWER_ALPHANUMERIC.length)]);
		}
		return builder.toString();
	}

	public static byte[] sha256(String value) {
		return sha256().digest(value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A fresh SHA-256 digest: a copy of a prototype, which skips the provider lookup
	 * {@link MessageDigest#getInstance} makes on every call.
	 */
	public static MessageDigest sha256() {
		try {
			return (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static boolean constantTimeEquals(String expected, String actual) {
		if (expected == null || actual == null) {
			return false;
		}
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				actual.getBytes(StandardCharsets.UTF_8));
	}

}
