package dev.bondify.webhook;

import java.util.UUID;

import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * A row whose id is chosen in Java: telling Spring Data it is new makes {@code save} a
 * plain INSERT instead of a SELECT-then-merge.
 */
@MappedSuperclass
abstract class InsertOnlyEntity implements Persistable<UUID> {

	@Id
	private UUID id;

	@Transient
	private boolean isNew;

	protected InsertOnlyEntity() {
	}

	protected InsertOnlyEntity(UUID id) {
		this.id = id;
		this.isNew = true;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

}
