package dev.bondify.webhook;

import java.time.Instant;
import java.util.Collection;
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
	 * Serialises claims across instances for the rest of the transaction, so the
	 * per-project and per-developer counts of deliveries in flight that a claim reads
	 * cannot change under it.
	 */
	@Query(value = "select 1 from pg_advisory_xact_lock(7233617035)", nativeQuery = true)
	int lockClaims();

	/**
	 * Takes a lease on up to {@code limit} due deliveries that nobody holds (or whose
	 * holder's lease ran out because it stopped), oldest first, but never more than
	 * {@code perProject} in flight for one project nor {@code perDeveloper} for all the
	 * projects of one developer, counting the leases every instance holds: a project
	 * whose endpoint hangs fills its own slots, a developer whose many projects hang
	 * fills that developer's, and nobody else's. A project without a developer counts as
	 * its own developer. Each due row is ranked within its project first, and only the
	 * rows that fit there are ranked within their developer, so a project's cap never
	 * spends a developer's slot. The outer conditions are re-checked on the latest row
	 * version, so a concurrent claim without the lock still cannot take a row twice.
	 */
	@Query(value = """
			update webhook_deliveries d set locked_until = :leaseUntil, lease_token = :leaseToken
			from (
			  select c.id from (
			    select b.id, b.next_attempt_at,
			      row_number() over (partition by b.owner order by b.next_attempt_at, b.id) + coalesce(o.busy, 0) as owner_slot
			    from (
			      select w.id, w.next_attempt_at, coalesce(p.developer_id, p.id) as owner,
			        row_number() over (partition by w.project_id order by w.next_attempt_at, w.id) + coalesce(f.busy, 0) as slot
			      from webhook_deliveries w
			      join projects p on p.id = w.project_id
			      left join (
			        select project_id, count(*) as busy from webhook_deliveries
			        where state = 'pending' and locked_until > :now
			        group by project_id) f on f.project_id = w.project_id
			      where w.state = 'pending' and w.next_attempt_at <= :now and (w.locked_until is null or w.locked_until <= :now)
			    ) b
			    left join (
			      select coalesce(p.developer_id, p.id) as owner, count(*) as busy
			      from webhook_deliveries l join projects p on p.id = l.project_id
			      where l.state = 'pending' and l.locked_until > :now
			      group by 1) o on o.owner = b.owner
			    where b.slot <= :perProject
			  ) c
			  where c.owner_slot <= :perDeveloper
			  order by c.next_attempt_at
			  limit :limit) picked
			where d.id = picked.id and d.state = 'pending' and (d.locked_until is null or d.locked_until <= :now)
			returning d.*""",
			nativeQuery = true)
	List<WebhookDelivery> claim(@Param("now") Instant now, @Param("leaseUntil") Instant leaseUntil,
			@Param("leaseToken") UUID leaseToken, @Param("limit") int limit, @Param("perProject") int perProject,
			@Param("perDeveloper") int perDeveloper);

	/**
	 * Extends the leases of deliveries still being sent, so a lease can be short (and a
	 * stopped holder's deliveries resumed soon) however long a send takes.
	 */
	@Modifying
	@Query(value = """
			update webhook_deliveries set locked_until = :leaseUntil
			where lease_token in (:leaseTokens) and state = 'pending'""", nativeQuery = true)
	int renewLeases(@Param("leaseTokens") Collection<UUID> leaseTokens, @Param("leaseUntil") Instant leaseUntil);

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
