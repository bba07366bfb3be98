package dev.bondify.webhook;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The attempt log shown to developers.
 */
interface WebhookAttemptRepository extends JpaRepository<WebhookAttempt, UUID> {

	/** A project's attempts, newest first. */
	List<WebhookAttempt> findByProjectIdOrderByAttemptedAtDescAttemptDesc(String projectId, Limit limit);

}
