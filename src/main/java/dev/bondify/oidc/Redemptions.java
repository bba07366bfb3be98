package dev.bondify.oidc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.SqlParameterValue;

import dev.bondify.session.AnsweredGroupCommit;

/**
 * The code redemptions of the moment in one statement and one commit: each token request
 * that redeems a code queues its row (every column of the authorization, as
 * {@link AuthorizationColumns} gives them), one writer claims all queued codes with one
 * conditional UPDATE, and each request learns after that commit whether its UPDATE was
 * the one that redeemed the code. A code given twice in one batch is redeemed by one row
 * only (PostgreSQL updates a row once per statement, and answers the position of the
 * input row it used); the other loses as it would in the next statement. The commit is as
 * durable as the database's default (synchronous), as the single statement's was: a
 * redeemed code stays redeemed after a crash.
 */
final class Redemptions implements AutoCloseable {

	/** Column values per row: those of {@link AuthorizationColumns}. */
	static final int COLUMNS = 33;

	/** Redemptions one statement writes at most. */
	static final int MAX_BATCH = 64;

	/** Redemptions that may wait for the writer before the token request answers 503. */
	static final int QUEUE_CAPACITY = 4096;

	/** How long a token request waits for its commit before it answers 503. */
	static final Duration DEADLINE = Duration.ofSeconds(5);

	/**
	 * The single statement (Spring Authorization Server 7.1's update, made conditional),
	 * the attributes left as stored when {@code keep}.
	 */
	static final String REDEEM = "update oauth2_authorization set registered_client_id = ?, principal_name = ?,"
			+ " authorization_grant_type = ?, authorized_scopes = ?, attributes = case when ? then attributes else ? end,"
			+ " state = ?, authorization_code_value = ?, authorization_code_issued_at = ?,"
			+ " authorization_code_expires_at = ?, authorization_code_metadata = ?, access_token_value = ?,"
			+ " access_token_issued_at = ?, access_token_expires_at = ?, access_token_metadata = ?,"
			+ " access_token_type = ?, access_token_scopes = ?, oidc_id_token_value = ?, oidc_id_token_issued_at = ?,"
			+ " oidc_id_token_expires_at = ?, oidc_id_token_metadata = ?, refresh_token_value = ?,"
			+ " refresh_token_issued_at = ?, refresh_token_expires_at = ?, refresh_token_metadata = ?,"
			+ " user_code_value = ?, user_code_issued_at = ?, user_code_expires_at = ?, user_code_metadata = ?,"
			+ " device_code_value = ?, device_code_issued_at = ?, device_code_expires_at = ?, device_code_metadata = ?,"
			+ " code_redeemed = true where id = ? and not code_redeemed";

	/**
	 * The batch: one array per column (the text is the same whatever the batch size, so
	 * it stays one prepared statement). A row held by another statement fails the batch
	 * after 200 ms; its rows are then redeemed one at a time by their own requests.
	 */
	static final String REDEEM_ALL = """
			update oauth2_authorization a set registered_client_id = v.c1, principal_name = v.c2,
			  authorization_grant_type = v.c3, authorized_scopes = v.c4,
			  attributes = case when v.keep then a.attributes else v.c5 end, state = v.c6,
			  authorization_code_value = v.c7, authorization_code_issued_at = v.c8::timestamptz,
			  authorization_code_expires_at = v.c9::timestamptz, authorization_code_metadata = v.c10,
			  access_token_value = v.c11, access_token_issued_at = v.c12::timestamptz,
			  access_token_expires_at = v.c13::timestamptz, access_token_metadata = v.c14, access_token_type = v.c15,
			  access_token_scopes = v.c16, oidc_id_token_value = v.c17, oidc_id_token_issued_at = v.c18::timestamptz,
			  oidc_id_token_expires_at = v.c19::timestamptz, oidc_id_token_metadata = v.c20,
			  refresh_token_value = v.c21, refresh_token_issued_at = v.c22::timestamptz,
			  refresh_token_expires_at = v.c23::timestamptz, refresh_token_metadata = v.c24,
			  user_code_value = v.c25, user_code_issued_at = v.c26::timestamptz,
			  user_code_expires_at = v.c27::timestamptz, user_code_metadata = v.c28,
			  device_code_value = v.c29, device_code_issued_at = v.c30::timestamptz,
			  device_code_expires_at = v.c31::timestamptz, device_code_metadata = v.c32, code_redeemed = true
			from (select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
			                           ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
			                           ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
			                           ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
			                           ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[])
			                    with ordinality
			        as r(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20,
			             c21, c22, c23, c24, c25, c26, c27, c28, c29, c30, c31, c32, keep, ord)
			      where set_config('lock_timeout', '200ms', true) = '200ms'
			      order by c0) v
			where a.id = v.c0 and not a.code_redeemed
			returning v.ord""";

	private final JdbcOperations jdbc;

	private final AnsweredGroupCommit<Redemption, Boolean> groupCommit;

	Redemptions(JdbcOperations jdbc) {
		this.jdbc = jdbc;
		this.groupCommit = new AnsweredGroupCommit<>("code-redemption-group-commit", this::redeemAll, this::redeemOne,
				MAX_BATCH, QUEUE_CAPACITY, DEADLINE);
	}

	/**
	 * Redeems the code of {@code columns}' row with the others of the moment.
	 * @param columns the authorization's columns as {@link AuthorizationColumns} gives
	 * them
	 * @param keepAttributes whether the stored attributes stay (the value given is then
	 * ignored)
	 * @return whether this request redeemed the code (false: it was redeemed before, or
	 * by another row of the same batch)
	 */
	boolean redeem(List<SqlParameterValue> columns, boolean keepAttributes) {
		return this.groupCommit.write(Redemption.of(columns, keepAttributes));
	}

	/** How many batch statements were written so far. */
	long batches() {
		return this.groupCommit.batches();
	}

	@Override
	public void close() {
		this.groupCommit.close();
	}

	/**
	 * Redeems the codes of {@code batch} by one autocommitted statement; the answers in
	 * its order.
	 */
	List<Boolean> redeemAll(List<Redemption> batch) {
		String[][] arrays = new String[COLUMNS][batch.size()];
		boolean[] keep = new boolean[batch.size()];
		for (int row = 0; row < batch.size(); row++) {
			for (int column = 0; column < COLUMNS; column++) {
				arrays[column][row] = batch.get(row).values()[column];
			}
			keep[row] = batch.get(row).keepAttributes();
		}
		boolean[] redeemed = this.jdbc.execute((ConnectionCallback<boolean[]>) connection -> {
			try (PreparedStatement statement = connection.prepareStatement(REDEEM_ALL)) {
				// A String[] and a boolean[] travel in PostgreSQL's binary array format
				// (the driver's encoders for them): no text array to escape on this side
				// and to parse on the other, which the JSON columns made dear.
				for (int column = 0; column < COLUMNS; column++) {
					statement.setObject(column + 1, arrays[column]);
				}
				statement.setObject(COLUMNS + 1, keep);
				boolean[] rows = new boolean[batch.size()];
				try (ResultSet result = statement.executeQuery()) {
					while (result.next()) {
						rows[(int) result.getLong(1) - 1] = true;
					}
				}
				return rows;
			}
		});
		List<Boolean> answers = new ArrayList<>(batch.size());
		for (boolean row : redeemed) {
			answers.add(row);
		}
		return answers;
	}

	/** One row alone, on its caller's thread (a batch that waited too long on a lock). */
	private Boolean redeemOne(Redemption row) {
		return new Alone(this.jdbc).redeem(row.columns(), row.keepAttributes());
	}

	/**
	 * One redemption by its own statement, in the caller's transaction if there is one.
	 */
	record Alone(JdbcOperations jdbc) {

		/**
		 * @return whether this statement redeemed the code
		 */
		boolean redeem(List<SqlParameterValue> columns, boolean keepAttributes) {
			List<Object> parameters = new ArrayList<>(COLUMNS + 1);
			for (int i = 1; i < COLUMNS; i++) {
				if (i == AuthorizationColumns.ATTRIBUTES) {
					parameters.add(keepAttributes);
				}
				parameters.add(columns.get(i));
			}
			parameters.add(columns.get(0));
			return this.jdbc.update(REDEEM, new ArgumentPreparedStatementSetter(parameters.toArray())) == 1;
		}

	}

	/** A queued row: its columns, also as the text the batch's arrays carry. */
	record Redemption(String[] values, boolean keepAttributes, List<SqlParameterValue> columns) {

		static Redemption of(List<SqlParameterValue> columns, boolean keepAttributes) {
			if (columns.size() != COLUMNS) {
				throw new IllegalArgumentException(
						"An authorization has " + COLUMNS + " columns, not " + columns.size());
			}
			String[] values = new String[COLUMNS];
			for (int i = 0; i < COLUMNS; i++) {
				Object value = columns.get(i).getValue();
				values[i] = (value instanceof Timestamp time) ? time.toInstant().toString()
						: (value != null) ? value.toString() : null;
			}
			return new Redemption(values, keepAttributes, columns);
		}

	}

}
