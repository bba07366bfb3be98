package dev.bondify.oidc;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

import dev.bondify.session.AnsweredGroupCommit;

/**
 * The authorization code lookups of the moment in one statement: each token request that
 * looks its code up queues the code's hash, one reader selects every queued code's row
 * with one {@code in (…)} query and each request gets its own row (or none). A read only,
 * as the single lookup was: which request redeems a code is still settled by the
 * conditional UPDATE of {@link Redemptions}, so a row read here may already be redeemed
 * by the time its request writes, and that request then loses as before. The rows are
 * mapped on the reader's thread by {@link ParsedAuthorizations#unkept()} (parsed, not
 * kept: the request spends the code); a row whose client is gone is no row, as for the
 * single lookup.
 */
final class CodeReads implements AutoCloseable {

	/** Codes one statement looks up at most. */
	static final int MAX_BATCH = 64;

	/** Lookups that may wait for the reader; past it a request reads alone. */
	static final int QUEUE_CAPACITY = 4096;

	/** How long a lookup waits for the reader before it reads alone. */
	static final Duration DEADLINE = Duration.ofSeconds(5);

	/**
	 * Spring Authorization Server 7.1's select, column for column and in its order (as
	 * the single lookup reads it). The {@code is not null} lets the partial index of V192
	 * serve the list. One text per number of codes ({@link #readAll(int)}), each code its
	 * own parameter: PostgreSQL estimates a list of parameters at its length both when it
	 * plans for the values and for any, so after five reads of a size it keeps that
	 * size's generic plan. With one array parameter it estimated ten codes for the
	 * generic plan against the few of each batch, found the generic plan dearer and
	 * planned every read again (measured: 4,232 plans for 4,232 reads, 0.11 ms each).
	 */
	static final String READ = "select id, registered_client_id, principal_name, authorization_grant_type,"
			+ " authorized_scopes, attributes, state, authorization_code_value, authorization_code_issued_at,"
			+ " authorization_code_expires_at, authorization_code_metadata, access_token_value,"
			+ " access_token_issued_at, access_token_expires_at, access_token_metadata, access_token_type,"
			+ " access_token_scopes, oidc_id_token_value, oidc_id_token_issued_at, oidc_id_token_expires_at,"
			+ " oidc_id_token_metadata, refresh_token_value, refresh_token_issued_at, refresh_token_expires_at,"
			+ " refresh_token_metadata, user_code_value, user_code_issued_at, user_code_expires_at,"
			+ " user_code_metadata, device_code_value, device_code_issued_at, device_code_expires_at,"
			+ " device_code_metadata from oauth2_authorization"
			+ " where authorization_code_value in (%s) and authorization_code_value is not null";

	private static final String[] READ_ALL = new String[MAX_BATCH + 1];

	static {
		for (int codes = 1; codes <= MAX_BATCH; codes++) {
			READ_ALL[codes] = READ.formatted(String.join(", ", Collections.nCopies(codes, "?")));
		}
	}

	/** The select of {@code codes} distinct codes (1 to {@link #MAX_BATCH}). */
	static String readAll(int codes) {
		return READ_ALL[codes];
	}

	private final JdbcOperations jdbc;

	private final RowMapper<OAuth2Authorization> rows;

	/**
	 * A row whose mapping failed with anything but its client gone: its lookup is done
	 * again alone, on its caller's thread, so the failure is that request's only.
	 */
	static final Object READ_ALONE = new Object();

	private final AnsweredGroupCommit<String, Object> reader;

	private final Function<String, OAuth2Authorization> alone;

	/**
	 * @param alone a lookup on its caller's thread (the group's retry of one row, which a
	 * read never asks for)
	 */
	CodeReads(JdbcOperations jdbc, RowMapper<OAuth2Authorization> rows, Function<String, OAuth2Authorization> alone) {
		this.jdbc = jdbc;
		this.rows = rows;
		this.alone = alone;
		this.reader = new AnsweredGroupCommit<>("code-lookup-group", this::readAll, alone::apply, MAX_BATCH,
				QUEUE_CAPACITY, DEADLINE);
	}

	/**
	 * The authorization whose code has this hash, read with the other lookups of the
	 * moment; null when there is none.
	 * @throws dev.bondify.system.ApiException {@code SERVICE_UNAVAILABLE} when the reader
	 * is saturated or stopped (the caller then reads alone)
	 */
	OAuth2Authorization read(String hashedCode) {
		Object answer = this.reader.write(hashedCode);
		return (answer == READ_ALONE) ? this.alone.apply(hashedCode) : (OAuth2Authorization) answer;
	}

	/** How many lookups wait for the reader (tests). */
	int queued() {
		return this.reader.queued();
	}

	/** How many batch statements were read so far. */
	long batches() {
		return this.reader.batches();
	}

	@Override
	public void close() {
		this.reader.close();
	}

	/**
	 * The rows of {@code hashedCodes} by one statement, in their order (null: no row, or
	 * its client gone; {@link #READ_ALONE}: its mapping failed); a code asked twice gets
	 * the same row twice.
	 */
	List<Object> readAll(List<String> hashedCodes) {
		Object[] distinct = new LinkedHashSet<>(hashedCodes).toArray();
		Map<String, Object> found = new HashMap<>();
		this.jdbc.query((connection) -> {
			PreparedStatement statement = connection.prepareStatement(readAll(distinct.length));
			for (int i = 0; i < distinct.length; i++) {
				statement.setString(i + 1, (String) distinct[i]);
			}
			return statement;
		}, (row) -> {
			String code = row.getString("authorization_code_value");
			try {
				found.put(code, this.rows.mapRow(row, row.getRow()));
			}
			catch (DataRetrievalFailureException ex) {
				// The single lookup's answer for a row whose client is gone: none.
				found.put(code, null);
			}
			catch (RuntimeException ex) {
				found.put(code, READ_ALONE);
			}
		});
		List<Object> answers = new ArrayList<>(hashedCodes.size());
		hashedCodes.forEach((code) -> answers.add(found.get(code)));
		return answers;
	}

}
