package dev.bondify.telegram;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.bondify.system.RandomTokens;

/**
 * Seals a session's link code (AES-256-GCM, key derived from a server secret, bound to
 * the Telegram user) while the bot waits for a user's contact, so the database never
 * holds the code in clear and the prompt's buttons can still carry it.
 */
class ResumeTokenSealer {

	private static final int IV_BYTES = 12;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Supplier<String> secret;

	private volatile SecretKeySpec key;

	ResumeTokenSealer(String secret) {
		this(() -> secret);
	}

	/** The secret is read at first use (it may come from the database). */
	ResumeTokenSealer(Supplier<String> secret) {
		this.secret = secret;
	}

	private SecretKeySpec key() {
		SecretKeySpec current = this.key;
		if (current == null) {
			byte[] derived = RandomTokens.sha256("bondify-telegram-resume-token-v1:" + this.secret.get());
			current = new SecretKeySpec(derived, "AES");
			this.key = current;
		}
		return current;
	}

	byte[] seal(String linkCode, long telegramUserId) {
		try {
			byte[] iv = new byte[IV_BYTES];
			RANDOM.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, iv));
			cipher.updateAAD(aad(telegramUserId));
			byte[] sealed = cipher.doFinal(linkCode.getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/** Empty when the value was not sealed for this user with the current bot token. */
	Optional<String> open(byte[] sealed, long telegramUserId) {
		if (sealed == null || sealed.length <= IV_BYTES) {
			return Optional.empty();
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, sealed, 0, IV_BYTES));
			cipher.updateAAD(aad(telegramUserId));
			byte[] plain = cipher.doFinal(Arrays.copyOfRange(sealed, IV_BYTES, sealed.length));
			return Optional.of(new String(plain, StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			return Optional.empty();
		}
	}

	private static byte[] aad(long telegramUserId) {
		return ByteBuffer.allocate(Long.BYTES).putLong(telegramUserId).array();
	}

}
