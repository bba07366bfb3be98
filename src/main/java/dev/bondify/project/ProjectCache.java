package dev.bondify.project;

import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.bondify.system.CacheProperties;
import dev.bondify.system.ChangeNotifications;

/**
 * Projects by id in memory, for the request path; every committed change to a project
 * (PATCH, key rotation, delete) drops it on every instance through
 * {@link ChangeNotifications}, and nothing is answered from memory while the link does
 * not vouch that those are received. Unknown ids are not cached (the rate limit bounds
 * them).
 */
@Component
public class ProjectCache implements ChangeNotifications.Subscriber {

	private final ProjectRepository projects;

	private final ChangeNotifications notifications;

	private final Cache<String, Project> byId;

	ProjectCache(ProjectRepository projects, ChangeNotifications notifications, CacheProperties properties) {
		this.projects = projects;
		this.notifications = notifications;
		this.byId = Caffeine.newBuilder().maximumSize(properties.projects()).expireAfterWrite(properties.ttl()).build();
		notifications.subscribe(this);
	}

	/**
	 * The project as last committed; the instance returned is shared and must be treated
	 * as read-only.
	 */
	public Optional<Project> find(String id) {
		// Only while a heartbeat sent within 750 ms was answered: a frozen link (open,
		// and
		// silent) is noticed by isCurrent within that, by isListening only when its
		// socket
		// gives up seconds later, and a pause or delete must stop a project's tokens
		// within
		// a second.
		if (!this.notifications.isCurrent()) {
			return this.projects.findById(id);
		}
		Project cached = this.byId.getIfPresent(id);
		if (cached != null) {
			return Optional.of(cached);
		}
		long seen = this.notifications.generation();
		Optional<Project> loaded = this.projects.findById(id);
		loaded.ifPresent(project -> {
			this.byId.put(id, project);
			// Stored after a change may have been announced: it could be the old row.
			if (!this.notifications.isCurrent() || this.notifications.generation() != seen) {
				this.byId.invalidate(id);
			}
		});
		return loaded;
	}

	/**
	 * Forgets a project now and again once the current transaction commits (a load in
	 * between may still have read the old row).
	 */
	void forgetAfterCommit(String id) {
		this.byId.invalidate(id);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					ProjectCache.this.notifications.changedHere("p" + id);
				}
			});
		}
		else {
			this.notifications.changedHere("p" + id);
		}
	}

	@Override
	public void changed(String payload) {
		if (payload.startsWith("p")) {
			this.byId.invalidate(payload.substring(1));
		}
	}

	@Override
	public void reset() {
		this.byId.invalidateAll();
	}

}
