package dev.bondify.proof;

import java.time.Instant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Remembers accepted proof ids per project; the primary key {@code (project_id, jti)}
 * makes "first one wins" a database decision.
 */
interface UsedProofRepository extends JpaRepository<UsedProof, String> {

	/**
	 * @return 1 the first time a {@code jti} is recorded, 0 on every replay
	 */
	@Modifying
	@Query(value = """
			insert into used_proofs (jti, project_id, expires_at) values (:jti, :projectId, :expiresAt)
			on conflict (project_id, jti) do nothing""", nativeQuery = true)
	int record(@Param("jti") String jti, @Param("projectId") String projectId, @Param("expiresAt") Instant expiresAt);

	@Modifying
	@Query(value = "delete from used_proofs where expires_at < :now", nativeQuery = true)
	int deleteExpired(@Param("now") Instant now);

}
