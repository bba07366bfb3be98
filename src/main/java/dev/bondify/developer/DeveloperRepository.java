package dev.bondify.developer;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Developer accounts; e-mail uniqueness is decided by the unique index on
 * {@code lower(email)}, not by a pre-check.
 */
interface DeveloperRepository extends JpaRepository<Developer, String> {

	/**
	 * @return 1 when the account was created, 0 when the e-mail is already registered
	 */
	@Modifying
	@Query(value = """
			insert into developers (id, email, password_hash, token_version, created_at)
			values (:id, :email, :passwordHash, 0, :createdAt)
			on conflict (lower(email)) do nothing""", nativeQuery = true)
	int insertIfEmailFree(@Param("id") String id, @Param("email") String email,
			@Param("passwordHash") String passwordHash, @Param("createdAt") Instant createdAt);

	@Query(value = "select * from developers where lower(email) = lower(:email)", nativeQuery = true)
	Optional<Developer> findByEmail(@Param("email") String email);

	@Query(value = "select token_version from developers where id = :id", nativeQuery = true)
	Optional<Integer> findTokenVersion(@Param("id") String id);

	/** Revokes every token issued so far: they carry the old version. */
	@Modifying
	@Query(value = "update developers set token_version = token_version + 1 where id = :id", nativeQuery = true)
	int bumpTokenVersion(@Param("id") String id);

}
