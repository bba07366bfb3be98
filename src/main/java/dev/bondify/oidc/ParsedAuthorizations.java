package dev.bondify.oidc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Maps an authorization row through {@link AuthorizationRows}, but parses each distinct
 * row only once: the parse of the JSON columns is most of a {@code /userinfo} call, which
 * reads the same row every time. (A code's row is read once per token request and then
 * spent: the batched code lookups map through {@link #unkept()}, which parses without
 * keeping; a code read alone — inside a transaction, or when the batch reader is busy —
 * goes through this memo as before.) The memo is keyed by the SHA-256 of every column of
 * the row as read now, the id included, so any change of the row (a redeemed code, a
 * revoked token, new tokens) is a different key and parsed afresh: an answer is never
 * older than the row just read. The client is looked up on every call, as the superclass
 * does, so a paused or deleted project's authorization is no authorization at once.
 */
final class ParsedAuthorizations implements RowMapper<OAuth2Authorization> {

	/** How many parsed rows one instance keeps. */
	static final int KEPT = 2_000;

	private final RowMapper<OAuth2Authorization> parser;

	private final RegisteredClientRepository clients;

	private final Cache<ByteBuffer, OAuth2Authorization> parsed = Caffeine.newBuilder()
		.maximumSize(KEPT)
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	ParsedAuthorizations(RegisteredClientRepository clients) {
		this(new AuthorizationRows(clients), clients);
	}

	/**
	 * The attributes of the row last read for each id, to spare their rewrite; a code's
	 * read and its redemption are milliseconds apart, so an entry of a code never
	 * redeemed (a refused exchange) goes after 30 s.
	 */
	private final Cache<String, Map<String, Object>> attributes = Caffeine.newBuilder()
		.maximumSize(KEPT)
		.expireAfterWrite(Duration.ofSeconds(30))
		.build();

	ParsedAuthorizations(RowMapper<OAuth2Authorization> parser, RegisteredClientRepository clients) {
		this.parser = parser;
		this.clients = clients;
	}

	@Override
	public OAuth2Authorization mapRow(ResultSet row, int rowNumber) throws SQLException {
		ByteBuffer key = fingerprint(row);
		OAuth2Authorization kept = this.parsed.getIfPresent(key);
		if (kept == null) {
			OAuth2Authorization mapped = this.parser.mapRow(row, rowNumber);
			if (mapped != null) {
				this.parsed.put(key, mapped);
				this.attributes.put(mapped.getId(), mapped.getAttributes());
			}
			return mapped;
		}
		if (this.clients.findById(kept.getRegisteredClientId()) == null) {
			// The superclass's answer for a row whose client is gone.
			throw new DataRetrievalFailureException("The RegisteredClient with id '" + kept.getRegisteredClientId()
					+ "' was not found in the RegisteredClientRepository.");
		}
		this.attributes.put(kept.getId(), kept.getAttributes());
		return kept;
	}

	/**
	 * The mapper of code lookups: each row parsed afresh and not kept, its attributes
	 * noted for {@link #hasStoredAttributes}. A code is spent by the request that reads
	 * it (and read once per request), so a kept parse would not be used again: it would
	 * only outlive a young collection in the memo and fill the old generation (about 30
	 * KB a row, some 2,000 rows a second under load).
	 */
	RowMapper<OAuth2Authorization> unkept() {
		return (row, rowNumber) -> {
			OAuth2Authorization mapped = this.parser.mapRow(row, rowNumber);
			if (mapped != null) {
				this.attributes.put(mapped.getId(), mapped.getAttributes());
			}
			return mapped;
		};
	}

	/**
	 * Forgets the attributes noted for an authorization whose redemption is about to be
	 * written, won or lost (so they need not outlive the request; the next read notes
	 * them again).
	 */
	void forget(String id) {
		this.attributes.invalidate(id);
	}

	/**
	 * Whether these are the attributes (the very values, compared with {@code equals}) of
	 * the row last read for the authorization's id: then its {@code attributes} column
	 * holds them already.
	 */
	boolean hasStoredAttributes(OAuth2Authorization authorization) {
		Map<String, Object> stored = this.attributes.getIfPresent(authorization.getId());
		return stored != null && stored.equals(authorization.getAttributes());
	}

	/** The SHA-256 of every column's text, each preceded by its length (null: -1). */
	private static ByteBuffer fingerprint(ResultSet row) throws SQLException {
		MessageDigest digest = sha256();
		int columns = row.getMetaData().getColumnCount();
		for (int i = 1; i <= columns; i++) {
			String value = row.getString(i);
			if (value == null) {
				digest.update(new byte[] { -1, -1, -1, -1 });
				continue;
			}
			byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
			digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
			digest.update(bytes);
		}
		return ByteBuffer.wrap(digest.digest());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** How many distinct rows are kept now (tests). */
	long size() {
		this.parsed.cleanUp();
		return this.parsed.estimatedSize();
	}

}
