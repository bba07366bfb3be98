package dev.bondify.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The outbox rows; claiming and finishing an attempt are single conditional statements,
 * so several instances share the work without ever sending the same delivery at the same
 * time.
 */
interface WebhookDeliveryRepository extends JpaRepository<WebhookDelivery, UUID> {

	/**
	 * Takes a lease on up to {@code limit} due deliveries that nobody else holds (or
	 * whose holder's lease ran out, e.g. because it stopped); rows locked by a concurrent
	 * claim are skipped, not waited for.
	 */
	@Query(value = """
			update webhook_deliveries set locked_until = :leaseUntil, lease_token = :leaseToken
			where id in (
			  select id from webhook_deliveries
			  where state = 'pending' and next_attempt_at <= :now and (locked_until is null or locked_until <= :now)
			  order by next_attempt_at
			  limit :limit
			  for update skip locked)
			returning *""", nativeQuery = true)
	List<WebhookDelivery> claim(@Param("now") Instant now, @Param("leaseUntil") Instant leaseUntil,
			@Param("leaseToken") UUID leaseToken, @Param("limit") int limit);

	/**
	 * Records a finished attempt if this lease still holds the row: the new attempt
	 * count, the next state and when to try again; answers 0 when the lease was lost.
	 */
	@Modifying
	@Query(value = """
			update webhook_deliveries
			set attempts = :attempts, state = :state, next_attempt_at = :nextAttemptAt, finished_at = :finishedAt,
			  locked_until = null, lease_token = null
			where id = :id and lease_token = :leaseToken and state = 'pending'""", nativeQuery = true)
	int finishAttempt(@Param("id") UUID id, @Param("leaseToken") UUID leaseToken, @Param("attempts") int attempts,
			@Param("state") String state, @Param("nextAttemptAt") Instant nextAttemptAt,
			@Param("finishedAt") Instant finishedAt);

	/**
	 * Forgets finished deliveries (and, by cascade, their attempts) older than the
	 * retention.
	 */
	@Modifying
	@Query(value = "delete from webhook_deliveries where state <> 'pending' and finished_at < :before",
			nativeQuery = true)
	int pruneFinishedBefore(@Param("before") Instant before);

}
