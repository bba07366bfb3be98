package dev.bondify.project;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Projects by id and by the hash of their secret key.
 */
public interface ProjectRepository extends JpaRepository<Project, String> {

	Optional<Project> findBySecretKeyHash(byte[] secretKeyHash);

	/**
	 * A project only if it belongs to this developer; everything else answers 404 to
	 * them.
	 */
	Optional<Project> findByIdAndDeveloperId(String id, String developerId);

	/** A developer's projects, newest first. */
	List<Project> findByDeveloperIdOrderByCreatedAtDescIdDesc(String developerId);

	/**
	 * Per project: {@code [project_id, sessions, confirmed]} ("confirmed" counts
	 * {@code confirmed} and {@code used}); projects without sessions are absent. Summed
	 * from the per-day analytics counters the sessions table's triggers keep (they follow
	 * inserts, status changes and deletes), so a project list costs one row per project
	 * and day, not a scan of every session.
	 */
	@Query(value = """
			select project_id, sum(sessions), sum(confirmed)
			from analytics_daily where project_id in (:ids) group by project_id""", nativeQuery = true)
	List<Object[]> countSessions(@Param("ids") Collection<String> ids);

	/**
	 * Replaces the developer's secret key only if it is still the one whose hash the
	 * caller read; the persistence context is cleared so the next read sees the new key.
	 * @return 1 when the key was replaced, 0 when the project is gone or another rotation
	 * replaced the key first
	 */
	@Modifying(clearAutomatically = true, flushAutomatically = true)
	@Query(value = """
			update projects set secret_key = :newKey, secret_key_hash = :newKeyHash
			where id = :id and developer_id = :developerId and secret_key_hash = :oldKeyHash""", nativeQuery = true)
	int rotateSecretKey(@Param("id") String id, @Param("developerId") String developerId,
			@Param("oldKeyHash") byte[] oldKeyHash, @Param("newKey") String newKey,
			@Param("newKeyHash") byte[] newKeyHash);

	/**
	 * @return 1 when the developer's project was deleted (its sessions go with it by
	 * foreign key), else 0
	 */
	@Modifying
	@Query("delete from Project p where p.id = :id and p.developerId = :developerId")
	int deleteOwned(@Param("id") String id, @Param("developerId") String developerId);

}
