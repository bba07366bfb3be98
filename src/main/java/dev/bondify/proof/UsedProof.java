package dev.bondify.proof;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A proof id accepted by the server-side check, kept until the proof would have expired
 * anyway.
 */
@Entity
@Table(name = "used_proofs")
class UsedProof {

	// The table's key is (project_id, jti); the entity only exists for the repository's
	// native queries.
	@Id
	private String jti;

	@Column(name = "project_id")
	private String projectId;

	@Column(name = "expires_at")
	private Instant expiresAt;

	protected UsedProof() {
	}

}
