package dev.bondify.signing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code signing_keys} table. Every write is one conditional statement, so concurrent
 * first starts and rotations on several instances are settled by the database: the unique
 * {@code generation} lets exactly one of them in.
 */
@Repository
class SigningKeyStore {

	private final JdbcTemplate jdbc;

	SigningKeyStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A row as stored: the private JWK still sealed. */
	record Row(String kid, int generation, byte[] sealed, Instant createdAt, Instant activatesAt) {
	}

	List<Row> findAll() {
		return this.jdbc.query(
				"select kid, generation, jwk_sealed, created_at, activates_at from signing_keys order by generation",
				(rs, i) -> new Row(rs.getString(1), rs.getInt(2), rs.getBytes(3), rs.getTimestamp(4).toInstant(),
						rs.getTimestamp(5).toInstant()));
	}

	/**
	 * The first key, active at once; does nothing when any key exists or another instance
	 * inserted the first one concurrently (then its key is the one everybody reads).
	 * @return whether this key was stored
	 */
	boolean insertFirst(String kid, byte[] sealed, Instant now) {
		return this.jdbc.update("""
				insert into signing_keys (kid, generation, jwk_sealed, created_at, activates_at)
				select ?, 1, ?, ?, ? where not exists (select 1 from signing_keys)
				on conflict do nothing""", kid, sealed, ts(now), ts(now)) == 1;
	}

	/**
	 * A key one generation newer than the newest; when two rotations race, the one that
	 * commits second conflicts on the generation and stores nothing.
	 * @return whether this key was stored
	 */
	boolean insertNext(String kid, byte[] sealed, Instant now, Instant activatesAt) {
		return this.jdbc.update("""
				insert into signing_keys (kid, generation, jwk_sealed, created_at, activates_at)
				select ?, coalesce(max(generation), 0) + 1, ?, ?, ? from signing_keys
				on conflict do nothing""", kid, sealed, ts(now), ts(activatesAt)) == 1;
	}

	/**
	 * Like {@link #insertNext} but only while the newest key was created at or before
	 * {@code createdBefore}: the scheduled rotation, run by every instance, rotates once.
	 */
	boolean insertNextIfOlder(String kid, byte[] sealed, Instant now, Instant activatesAt, Instant createdBefore) {
		return this.jdbc.update("""
				insert into signing_keys (kid, generation, jwk_sealed, created_at, activates_at)
				select ?, max(generation) + 1, ?, ?, ? from signing_keys having max(created_at) <= ?
				on conflict do nothing""", kid, sealed, ts(now), ts(activatesAt), ts(createdBefore)) == 1;
	}

	/** Re-seals a key under the current encryption key, unless it changed meanwhile. */
	void reseal(String kid, byte[] previous, byte[] resealed) {
		this.jdbc.update("update signing_keys set jwk_sealed = ? where kid = ? and jwk_sealed = ?", resealed, kid,
				previous);
	}

	/**
	 * Deletes the keys replaced by a key that became active at or before {@code cutoff}
	 * (now minus the retirement window): nothing they signed can still be valid. The
	 * newest key is never deleted.
	 */
	int deleteRetired(Instant cutoff) {
		return this.jdbc.update("""
				delete from signing_keys k where exists (
				    select 1 from signing_keys n where n.generation > k.generation and n.activates_at <= ?)""",
				ts(cutoff));
	}

	private static Timestamp ts(Instant instant) {
		return Timestamp.from(instant);
	}

}
