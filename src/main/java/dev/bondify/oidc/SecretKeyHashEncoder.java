package dev.bondify.oidc;

import java.security.MessageDigest;
import java.util.Base64;

import org.springframework.security.crypto.password.PasswordEncoder;

import dev.bondify.system.RandomTokens;

/**
 * Checks a client secret (a project's secret key) against the base64 SHA-256 that
 * {@link ProjectClients} registers: a fast hash compared in constant time, not bcrypt,
 * since the key has 256 random bits and token calls must stay fast.
 */
final class SecretKeyHashEncoder implements PasswordEncoder {

	static String encodeHash(byte[] sha256) {
		return Base64.getEncoder().encodeToString(sha256);
	}

	@Override
	public String encode(CharSequence rawPassword) {
		return encodeHash(RandomTokens.sha256(rawPassword.toString()));
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		if (rawPassword == null || encodedPassword == null) {
			return false;
		}
		byte[] expected;
		try {
			expected = Base64.getDecoder().decode(encodedPassword);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return MessageDigest.isEqual(RandomTokens.sha256(rawPassword.toString()), expected);
	}

}
