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

	@Override
	public String toString() {
		return "Developer[" + this.id + "]";
	}

}
