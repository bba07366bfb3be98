package dev.bondify.session;

import jakarta.persistence.EntityManager;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The insert of a generated session, the whole cost of generate once the project comes
 * from memory: a plain {@code persist} (a {@code save} of an entity with an assigned id
 * first selects it), committed without waiting for the WAL flush.
 */
@Component
class SessionInserts {

	private final EntityManager entityManager;

	private final JdbcTemplate jdbc;

	SessionInserts(EntityManager entityManager, JdbcTemplate jdbc) {
		this.entityManager = entityManager;
		this.jdbc = jdbc;
	}

	/**
	 * Must run inside the caller's transaction; {@code synchronous_commit} is relaxed for
	 * that transaction only ({@code SET LOCAL}), so confirms and deliveries stay durable.
	 */
	void insertWithoutDurableCommit(AuthSession session) {
		this.jdbc.execute("set local synchronous_commit = off");
		this.entityManager.persist(session);
	}

}
