package dev.bondify.oidc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.bondify.system.RandomTokens;
import dev.bondify.system.SecretSealer;

/**
 * The pairwise {@code sub} of a Telegram user for one project: HMAC-SHA256 of the project
 * id and the Telegram id under a random key generated once, stored encrypted in
 * {@code app_secrets} (so every instance and restart agrees, and a database dump alone
 * cannot link subjects across projects or back to Telegram ids). A subject never changes,
 * so the ones computed lately are kept ({@code /userinfo} asks for the same one on every
 * call).
 */
@Component
class PairwiseSubjects {

	private static final String NAME = "oidc-pairwise-key";

	private final JdbcTemplate jdbc;

	private final SecretSealer sealer;

	private volatile SecretKeySpec key;

	private final Cache<String, String> computed = Caffeine.newBuilder().maximumSize(10_000).build();

	PairwiseSubjects(JdbcTemplate jdbc, SecretSealer sealer) {
		this.jdbc = jdbc;
		this.sealer = sealer;
	}

	/** Stable for one user and one project, different across projects. */
	String subject(String projectId, String telegramId) {
		return this.computed.get(projectId + ":" + telegramId, this::hmac);
	}

	private String hmac(String projectAndTelegramId) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key());
			byte[] digest = mac.doFinal(projectAndTelegramId.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private SecretKeySpec key() {
		SecretKeySpec current = this.key;
		if (current == null) {
			// Whoever inserts first wins; everyone then reads the same row.
			this.jdbc.update(
					"insert into app_secrets (name, value, created_at) values (?, ?, now()) on conflict (name) do nothing",
					NAME, this.sealer.seal(RandomTokens.base64Url256("")));
			byte[] sealed = this.jdbc.queryForObject("select value from app_secrets where name = ?", byte[].class,
					NAME);
			String opened = this.sealer.open(sealed)
				.orElseThrow(() -> new IllegalStateException("The OpenID Connect subject key cannot be decrypted"
						+ " with BONDIFY_ENCRYPTION_KEY; restore the key it was stored with."));
			current = new SecretKeySpec(opened.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
			this.key = current;
		}
		return current;
	}

}
