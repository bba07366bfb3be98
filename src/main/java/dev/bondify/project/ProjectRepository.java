package dev.bondify.project;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Projects by id and by the hash of their secret key.
 */
public interface ProjectRepository extends JpaRepository<Project, String> {

	Optional<Project> findBySecretKeyHash(byte[] secretKeyHash);

	/** A project only if it belongs to this developer; everything else answers 404 to them. */
	Optional<Project> findByIdAndDeveloperId(String id, String developerId);

}
