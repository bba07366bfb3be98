package dev.bondify.developer;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A developer account: owns projects, signs in with email and password.
 */
@Entity
@Table(name = "developers")
class Developer {

	@Id
	private String id;

	private String email;

	@Column(name = "password_hash")
	private String passwordHash;

	@Column(name = "token_version")
	private int tokenVersion;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "email_verified_at")
	private Instant emailVerifiedAt;

	protected Developer() {
	}

	String getId() {
		return this.id;
	}

	String getEmail() {
		return this.email;
	}

	String getPasswordHash() {
		return this.passwordHash;
	}

	int getTokenVersion() {
		return this.tokenVersion;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	/** When the developer proved the address is theirs, or null. */
	Instant getEmailVerifiedAt() {
		return this.emailVerifiedAt;
	}

	@Override
	public String toString() {
		return "Developer[" + this.id + "]";
	}

}
